package dev.wsm.store.redis.internal;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRoster;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The presence roster of the whole cluster in Redis: one hash per user with each node's view and
 * the user's metadata. A view counts only while its node's {@link NodeLease} lives, so a crashed
 * node's devices stop counting within the lease (its views are removed at the user's next read or
 * put). One script per call keeps the put and the aggregate atomic across nodes.
 */
@Singleton
public final class RedisPresenceRoster implements PresenceRoster {
  private static final Script ROSTER = Script.load("presence-roster");
  private static final PresenceStatus[] STATUSES = PresenceStatus.values();

  private final Redis redis;
  private final Keys keys;
  private final NodeLease lease;

  @Inject
  public RedisPresenceRoster(RedisConnector connector, RedisOptions options, NodeLease lease) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.lease = lease;
  }

  @Override
  public CompletionStage<Aggregate> put(UserId user, PresenceStatus status, int devices,
      Instant lastSeen, String metaJson) {
    return run(user, lease.node(), Integer.toString(status.ordinal()), Integer.toString(devices),
        Long.toString(lastSeen.toEpochMilli()), metaJson == null ? "0" : "1",
        metaJson == null ? "" : metaJson)
        .thenApply(a -> a.devices() > 0 ? a
            : new Aggregate(PresenceStatus.OFFLINE, 0, Instant.EPOCH, a.metaJson()));
  }

  @Override
  public CompletionStage<Aggregate> get(UserId user) {
    return run(user, "", "", "", "", "0", "")
        .thenApply(a -> a.devices() > 0 ? a : Aggregate.NONE);
  }

  private CompletionStage<Aggregate> run(UserId user, String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = keys.nodeLease("");
    System.arraycopy(args, 0, argv, 1, args.length);
    return redis.<List<Object>>script(ROSTER, ScriptOutputType.MULTI,
            new String[] {keys.presenceRoster(user)}, argv)
        .thenApply(r -> new Aggregate(STATUSES[((Long) r.get(0)).intValue()],
            ((Long) r.get(1)).intValue(), Instant.ofEpochMilli((Long) r.get(2)),
            (Long) r.get(3) == 1L ? String.valueOf(r.get(4)) : null));
  }
}
