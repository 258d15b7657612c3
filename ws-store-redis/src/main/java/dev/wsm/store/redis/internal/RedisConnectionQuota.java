package dev.wsm.store.redis.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionQuota;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;

/**
 * The connection quota of the whole cluster in Redis: a hash per user and per address maps each
 * counted connection to the node that holds it, and each node keeps what it counted under its own
 * key. An entry counts only while its node's {@link NodeLease} lives, so a crashed node's
 * connections stop counting within the lease; reservations drop dead entries as they count, and
 * {@link NodeLease} reaps the rest. One script per reservation keeps it atomic across nodes.
 */
@Singleton
public final class RedisConnectionQuota implements ConnectionQuota {
  private static final Script RESERVE = Script.load("quota-reserve");
  private static final Script RELEASE = Script.load("quota-release");
  private static final Script COUNT = Script.load("quota-count");

  private final Redis redis;
  private final Keys keys;
  private final NodeLease lease;

  @Inject
  public RedisConnectionQuota(RedisConnector connector, RedisOptions options, NodeLease lease) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.lease = lease;
  }

  @Override
  public CompletionStage<Verdict> reserve(ConnectionId connection, UserId user, String address,
      int maxPerUser, int maxPerAddress) {
    String node = lease.node();
    String addr = address == null ? "" : address;
    return redis.<String>script(RESERVE, ScriptOutputType.STATUS,
            new String[] {keys.quotaUser(user), keys.quotaAddress(addr), keys.nodeQuota(node),
                keys.nodes()},
            connection.value(), node, Integer.toString(maxPerUser),
            Integer.toString(maxPerAddress), keys.nodeLease(""), user.value(), addr)
        .thenApply(Verdict::valueOf);
  }

  @Override
  public CompletionStage<Void> release(ConnectionId connection) {
    return redis.<Long>script(RELEASE, ScriptOutputType.INTEGER,
            new String[] {keys.nodeQuota(lease.node())},
            connection.value(), keys.quotaUserPrefix(), keys.quotaAddressPrefix())
        .thenApply(n -> null);
  }

  @Override
  public CompletionStage<Integer> countForUser(UserId user) {
    return count(keys.quotaUser(user));
  }

  @Override
  public CompletionStage<Integer> countForAddress(String address) {
    return count(keys.quotaAddress(address));
  }

  private CompletionStage<Integer> count(String key) {
    return redis.<Long>script(COUNT, ScriptOutputType.INTEGER, new String[] {key},
            keys.nodeLease(""))
        .thenApply(Long::intValue);
  }
}
