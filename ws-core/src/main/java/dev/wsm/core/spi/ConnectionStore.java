package dev.wsm.core.spi;

import dev.wsm.core.ConnectionId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The registry of connections: who connected when, heartbeats, message counts, stats. Contract:
 * non-blocking (see {@link RoomStore}); the core calls it off the hot path and does not wait for it.
 * Registering a connection that is already active changes nothing; a connection's messages are
 * counted at its first disconnect only; {@link ConnectionStats#users()} counts the distinct users
 * of the active connections; heartbeats, also of unknown connections, change no stats.
 * Proven by {@code ConnectionStoreContract} in ws-testkit.
 */
public interface ConnectionStore {
  CompletionStage<Void> connected(ConnectionRecord record);

  CompletionStage<Void> disconnected(ConnectionId id, Instant at, long messagesReceived);

  /** A heartbeat answered; {@code latency} is the measured ping round-trip. */
  CompletionStage<Void> heartbeat(ConnectionId id, Instant at, Duration latency);

  CompletionStage<ConnectionStats> stats();
}
