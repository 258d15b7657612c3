package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.Managed;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
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
 * room memberships). Start after the {@link RedisConnector}.
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

  @Inject
  public NodeLease(RedisConnector connector, RedisOptions options) {
    this.redis = new Redis(connector, options);
    this.options = options;
  }

  /** This node's id (random per start of the process). */
  public String node() {
    return node;
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
    long period = Math.max(200, options.presenceLease().toMillis() / 3);
    s.scheduleAtFixedRate(() -> renew().whenComplete((ok, failure) -> {
      if (failure != null) {
        LOG.warn("could not renew this node's lease: {}", failure.getMessage());
      }
    }), period, period, TimeUnit.MILLISECONDS);
    scheduler = s;
  }

  private CompletableFuture<Long> renew() {
    Keys keys = redis.keys();
    long leaseMillis = options.presenceLease().toMillis();
    return redis.call("lease renewal", r -> r.set(keys.nodeLease(node), "1",
            SetArgs.Builder.px(leaseMillis)))
        .thenCompose(ok -> redis.call("lease renewal", r -> r.sadd(keys.nodes(), node)))
        .thenCompose(added -> reapDeadNodes());
  }

  /** Removes what dead nodes held (connections; up to {@value #REAP_BATCH} memberships a run). */
  CompletableFuture<Long> reapDeadNodes() {
    return redis.script(REAP, ScriptOutputType.INTEGER, new String[] {redis.keys().nodes()},
        redis.keys().prefix(), Integer.toString(REAP_BATCH));
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
