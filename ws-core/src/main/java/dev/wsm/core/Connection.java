package dev.wsm.core;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A live WebSocket connection on this node: one device of one user. A read-only view; to send, use
 * the {@link MessageRouter}. All methods are thread-safe and non-blocking.
 */
public interface Connection {
  ConnectionId id();

  UserId user();

  /** The roles the authenticator granted. */
  Set<String> roles();

  /** Labels given at connect, e.g. an agent name; used by {@link Target.ToLabel}. */
  Set<String> labels();

  /** Metadata given at connect (e.g. region); immutable. */
  Map<String, String> metadata();

  InetSocketAddress remoteAddress();

  Instant connectedAt();

  /** When the last frame or pong arrived from the client. */
  Instant lastSeen();

  /** The last measured ping round-trip, once one was measured. */
  Optional<Duration> latency();

  /** Frames the server queued to this connection. */
  long messagesSent();

  /** Frames received from this connection. */
  long messagesReceived();

  /** The rooms this connection has joined. */
  Set<RoomId> rooms();

  boolean isOpen();

  /** Closes the connection with a code and reason; does nothing if it is already closed. */
  void close(int code, String reason);
}
