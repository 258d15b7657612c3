package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection registry in memory: active connections and running totals. Of an active
 * connection it keeps what {@link #stats()} counts (its user and labels), not the whole record.
 */
@Singleton
public final class InMemoryConnectionStore implements ConnectionStore {
  /** What the statistics need of an active connection. */
  private record Active(UserId user, Set<String> labels) {}

  private final ConcurrentHashMap<ConnectionId, Active> active = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();

  @Override
  public CompletionStage<Void> connected(ConnectionRecord record) {
    if (active.putIfAbsent(record.id(), new Active(record.user(), record.labels())) == null) {
      total.incrementAndGet();
    }
    return Futures.done(null);
  }

  @Override
  public CompletionStage<Void> disconnected(ConnectionId id, Instant at, long messagesReceived) {
    if (active.remove(id) != null) {
      messages.addAndGet(messagesReceived);
    }
    return Futures.done(null);
  }

  @Override
  public CompletionStage<Void> heartbeat(ConnectionId id, Instant at, Duration latency) {
    return Futures.done(null);
  }

  @Override
  public CompletionStage<ConnectionStats> stats() {
    Map<String, Long> byLabel = new HashMap<>();
    Set<UserId> users = new HashSet<>();
    for (Active r : active.values()) {
      users.add(r.user());
      for (String label : r.labels()) {
        byLabel.merge(label, 1L, Long::sum);
      }
    }
    return Futures.done(new ConnectionStats(active.size(), total.get(), messages.get(), byLabel,
        users.size()));
  }
}
