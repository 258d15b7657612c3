package dev.wsm.core.internal;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRoster;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The presence roster of one node, in memory: the aggregate is this node's view. */
@Singleton
public final class InMemoryPresenceRoster implements PresenceRoster {
  private final ConcurrentHashMap<UserId, Aggregate> views = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Aggregate> put(UserId user, PresenceStatus status, int devices,
      Instant lastSeen, String metaJson) {
    Aggregate[] after = {Aggregate.NONE};
    views.compute(user, (u, old) -> {
      String meta = metaJson != null ? metaJson : old == null ? null : old.metaJson();
      if (devices == 0) {
        after[0] = new Aggregate(PresenceStatus.OFFLINE, 0, Instant.EPOCH, meta);
        return null;
      }
      after[0] = new Aggregate(status, devices, lastSeen, meta);
      return after[0];
    });
    return Futures.done(after[0]);
  }

  @Override
  public CompletionStage<Aggregate> get(UserId user) {
    return Futures.done(views.getOrDefault(user, Aggregate.NONE));
  }
}
