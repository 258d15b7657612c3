package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.Managed;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ClusterCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's lease in Redis: a key that expires after {@link RedisOptions#presenceLease()} unless
 * renewed, renewed every third of the lease by one daemon thread. What the node claims (users
 * online, connections active) counts only while its lease lives, so a node that dies stops
 * counting within the lease, and each renewal also removes what dead nodes held (connections,
 * room memberships). The removal is one atomic script, so what a dead node held is removed, and
 * reported to this node's {@linkplain #onNodeLost listeners}, by exactly one node of the cluster.
 * Start after the {@link RedisConnector}.
 */
@Singleton
public final class NodeLease implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);

  static final int REAP_BATCH = 1000;
  private static final Script REAP = Script.load("node-reap");

  private final String node = UUID.randomUUID().toString();
  private final Redis redis;
  private final RedisOptions options;
  private ScheduledExecutorService scheduler;
  private final List<Consumer<ClusterCommand.NodeLost>> listeners = new CopyOnWriteArrayList<>();

  @Inject
  public NodeLease(RedisConnector connector, RedisOptions options) {
    this.redis = new Redis(connector, options);
    this.options = options;
  }

  /** This node's id (random per start of the process). */
  public String node() {
    return node;
  }

  /**
   * Calls {@code listener} (on a Redis I/O thread; it must not block) for each dead node whose
   * users or memberships this node removed, with what was removed.
   */
  public void onNodeLost(Consumer<ClusterCommand.NodeLost> listener) {
    listeners.add(listener);
  }

  /** Stops calling a listener given to {@link #onNodeLost}. */
  public void removeNodeLostListener(Consumer<ClusterCommand.NodeLost> listener) {
    listeners.remove(listener);
  }

  Keys keys() {
    return redis.keys();
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    await(renew());
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "wsm-redis-lease");
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    long period = renewalPeriod().toMillis();
    s.scheduleAtFixedRate(() -> renew().whenComplete((ok, failure) -> {
      if (failure != null) {
        LOG.warn("could not renew this node's lease: {}", failure.getMessage());
      }
    }), period, period, TimeUnit.MILLISECONDS);
    scheduler = s;
  }

  private Duration renewalPeriod() {
    return Duration.ofMillis(Math.max(200, options.presenceLease().toMillis() / 3));
  }

  /**
   * How long a node whose lease just expired has been silent at least: it may have died just before
   * a renewal, so the lease less a renewal period.
   */
  private Duration silentAtLeast() {
    return options.presenceLease().minus(renewalPeriod());
  }

  private CompletableFuture<Long> renew() {
    Keys keys = redis.keys();
    long leaseMillis = options.presenceLease().toMillis();
    return redis.call("lease renewal", r -> r.set(keys.nodeLease(node), "1",
            SetArgs.Builder.px(leaseMillis)))
        .thenCompose(ok -> redis.call("lease renewal", r -> r.sadd(keys.nodes(), node)))
        .thenCompose(added -> reapDeadNodes());
  }

  /**
   * Removes what dead nodes held (connections, users; up to {@value #REAP_BATCH} memberships a
   * run), tells the listeners, and answers how many memberships were removed.
   */
  CompletableFuture<Long> reapDeadNodes() {
    return redis.<List<Object>>script(REAP, ScriptOutputType.MULTI,
            new String[] {redis.keys().nodes(), redis.keys().connectionUsers()},
            redis.keys().prefix(), Integer.toString(REAP_BATCH))
        .thenApply(r -> {
          for (ClusterCommand.NodeLost lost : lost((List<?>) r.get(1), (List<?>) r.get(2))) {
            for (Consumer<ClusterCommand.NodeLost> listener : listeners) {
              try {
                listener.accept(lost);
              } catch (RuntimeException e) {
                LOG.error("A node-lost listener failed", e);
              }
            }
          }
          return (Long) r.get(0);
        });
  }

  /** One report per dead node, from the script's flat lists (see node-reap.lua). */
  private List<ClusterCommand.NodeLost> lost(List<?> users, List<?> memberships) {
    Map<String, List<UserId>> usersOf = new LinkedHashMap<>();
    Map<String, List<ClusterCommand.Membership>> membershipsOf = new LinkedHashMap<>();
    for (int i = 0; i + 1 < users.size(); i += 2) {
      String dead = String.valueOf(users.get(i));
      usersOf.computeIfAbsent(dead, n -> new ArrayList<>())
          .add(UserId.of(String.valueOf(users.get(i + 1))));
      membershipsOf.computeIfAbsent(dead, n -> new ArrayList<>());
    }
    for (int i = 0; i + 3 < memberships.size(); i += 4) {
      String dead = String.valueOf(memberships.get(i));
      usersOf.computeIfAbsent(dead, n -> new ArrayList<>());
      membershipsOf.computeIfAbsent(dead, n -> new ArrayList<>()).add(new ClusterCommand.Membership(
          RoomId.of(String.valueOf(memberships.get(i + 1))),
          UserId.of(String.valueOf(memberships.get(i + 2))),
          "1".equals(String.valueOf(memberships.get(i + 3)))));
    }
    List<ClusterCommand.NodeLost> lost = new ArrayList<>();
    for (Map.Entry<String, List<UserId>> e : usersOf.entrySet()) {
      lost.add(new ClusterCommand.NodeLost(node, e.getKey(), silentAtLeast(), e.getValue(),
          membershipsOf.get(e.getKey())));
    }
    return lost;
  }

  @Override
  public synchronized void stop(Duration grace) {
    if (scheduler == null) {
      return;
    }
    halt();
    try {
      redis.call("lease release", r -> r.del(redis.keys().nodeLease(node)))
          .get(options.commandTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not release this node's lease (it expires by itself): {}", e.getMessage());
    }
  }

  /** Stops renewing without releasing the lease, as a node that crashed would. */
  synchronized void halt() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void await(CompletableFuture<?> f) {
    try {
      f.get(options.commandTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisStoreException(RedisStoreException.Reason.NOT_RUNNING, "interrupted", e);
    } catch (ExecutionException e) {
      throw redis.translate("lease", e.getCause());
    } catch (TimeoutException e) {
      throw redis.translate("lease", e);
    }
  }
}
