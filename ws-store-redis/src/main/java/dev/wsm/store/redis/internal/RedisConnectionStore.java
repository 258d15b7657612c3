package dev.wsm.store.redis.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The connection registry in Redis: each node keeps its active connections (and a count per label)
 * under its own keys, and the running totals are shared. {@link #stats()} answers for the whole
 * cluster: it adds up the nodes whose {@link NodeLease} lives and forgets the connections of nodes
 * that died. Distinct users are counted in one shared hash (user → nodes holding a connection of
 * it) kept on connect and disconnect and cleaned by the {@link NodeLease} reap, so stats need no
 * scan. Heartbeats are not recorded (they change no stats).
 */
@Singleton
public final class RedisConnectionStore implements ConnectionStore {
  private static final Script CONNECTED = Script.load("conn-connected");
  private static final Script DISCONNECTED = Script.load("conn-disconnected");
  private static final Script STATS = Script.load("conn-stats");

  private final Redis redis;
  private final Keys keys;
  private final NodeLease lease;

  @Inject
  public RedisConnectionStore(RedisConnector connector, RedisOptions options, NodeLease lease) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.lease = lease;
  }

  @Override
  public CompletionStage<Void> connected(ConnectionRecord record) {
    String node = lease.node();
    return redis.<Long>script(CONNECTED, ScriptOutputType.INTEGER,
            new String[] {keys.nodeConnections(node), keys.nodeLabels(node),
                keys.connectionTotals(), keys.nodes(), keys.nodeUsers(node),
                keys.connectionUsers()},
            record.id().value(), String.join("\n", record.labels()), node, record.user().value())
        .thenApply(n -> null);
  }

  @Override
  public CompletionStage<Void> disconnected(ConnectionId id, Instant at, long messagesReceived) {
    String node = lease.node();
    return redis.<Long>script(DISCONNECTED, ScriptOutputType.INTEGER,
            new String[] {keys.nodeConnections(node), keys.nodeLabels(node),
                keys.connectionTotals(), keys.nodeUsers(node), keys.connectionUsers()},
            id.value(), Long.toString(messagesReceived))
        .thenApply(n -> null);
  }

  @Override
  public CompletionStage<Void> heartbeat(ConnectionId id, Instant at, Duration latency) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<ConnectionStats> stats() {
    return redis.<List<Object>>script(STATS, ScriptOutputType.MULTI,
            new String[] {keys.nodes(), keys.connectionTotals(), keys.connectionUsers()},
            keys.nodeLease(""), keys.nodeConnectionsPrefix())
        .thenApply(r -> {
          List<?> flat = (List<?>) r.get(3);
          Map<String, Long> byLabel = new HashMap<>();
          for (int i = 0; i + 1 < flat.size(); i += 2) {
            byLabel.put(String.valueOf(flat.get(i)), (Long) flat.get(i + 1));
          }
          return new ConnectionStats((Long) r.get(0), (Long) r.get(1), (Long) r.get(2), byLabel,
              (Long) r.get(4));
        });
  }
}
