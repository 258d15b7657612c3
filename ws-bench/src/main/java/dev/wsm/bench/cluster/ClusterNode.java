package dev.wsm.bench.cluster;

import com.google.inject.Guice;
import dev.wsm.bench.NoLimits;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.HubOptions;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Duration;

/**
 * One node of the cluster benchmark, in a JVM of its own (so that each node has its own heap, GC
 * and threads, and can be pinned with {@code taskset}, as nodes on separate machines would be):
 * Netty on a free loopback port, the Redis store and bus, abuse limits off and no per-user cap.
 * Prints {@code listening <url>} once started and shuts down when its standard input closes.
 *
 * <p>Arguments: {@code <redis uri> <key prefix>}; every node of one run gets the same prefix.
 */
public final class ClusterNode {
  private ClusterNode() {}

  /** A node's hub on the Redis store and bus under {@code keyPrefix}. */
  static Hub hub(String redisUri, String keyPrefix) {
    return Guice.createInjector(new CoreModule(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0)),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new RedisStoreModule(RedisOptions.at(redisUri).withKeyPrefix(keyPrefix)), new NoLimits())
        .getInstance(Hub.class);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ClusterNode <redis uri> <key prefix>");
      System.exit(2);
    }
    Hub hub = hub(args[0], args[1]);
    hub.start();
    System.out.println("listening " + hub.url());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    } finally {
      hub.shutdown(Duration.ofSeconds(5));
    }
    System.exit(0);
  }
}
