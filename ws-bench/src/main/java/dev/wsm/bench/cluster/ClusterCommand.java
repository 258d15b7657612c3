package dev.wsm.bench.cluster;

import com.google.inject.Guice;
import dev.wsm.bench.load.LoadOptions;
import dev.wsm.bench.load.LoadResult;
import dev.wsm.bench.load.LoadRun;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.HubOptions;
import dev.wsm.core.MessageId;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsm-bench cluster}: starts {@code --nodes} wsm nodes in this process (Netty on port 0, the
 * Redis cluster bus under a key prefix of their own), spreads the subscribers over them
 * round-robin, puts the publishers on the first node, and runs the load tool's fan-out. With
 * {@code --nodes 1} every delivery is local: the baseline for the same clients.
 */
@Command(name = "cluster", description = "Cross-node fan-out over the Redis bus vs one node.")
public final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Redis URI (default ${DEFAULT-VALUE}).")
  String redis;

  @Option(names = "--nodes", defaultValue = "3", description = "Nodes, 1 to 5 (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = {"-n", "--subscribers"}, defaultValue = "300", description = "Subscribers (default ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(names = {"-r", "--rooms"}, defaultValue = "10", description = "Rooms (default ${DEFAULT-VALUE}).")
  int rooms;

  @Option(names = {"-p", "--publishers"}, defaultValue = "10", description = "Publishers (default ${DEFAULT-VALUE}).")
  int publishers;

  @Option(names = {"-m", "--messages"}, defaultValue = "10000", description = "Messages in all (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--rate", defaultValue = "1000", description = "Messages/s; 0 = burst (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--payload", defaultValue = "100", description = "Bytes of data per message (default ${DEFAULT-VALUE}).")
  int payload;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 5) {
      System.err.println("wsm-bench cluster: --nodes must be 1 to 5");
      return 2;
    }
    RedisOptions redisOptions;
    try {
      redisOptions = RedisOptions.at(redis)
          .withKeyPrefix("wsm-bench-" + MessageId.random().value() + ":");
    } catch (IllegalArgumentException e) {
      System.err.println("wsm-bench cluster: " + e.getMessage());
      return 2;
    }
    List<Hub> hubs = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        // All subscribers come from one address and the load is no attack: limits off, no per-user cap.
        Hub hub = Guice.createInjector(new CoreModule(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0)),
            new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
            new RedisStoreModule(redisOptions), new dev.wsm.bench.NoLimits()).getInstance(Hub.class);
        hub.start();
        hubs.add(hub);
      }
      List<InetSocketAddress> addresses = hubs.stream()
          .map(h -> new InetSocketAddress("127.0.0.1", h.address().getPort())).toList();
      LoadOptions options = new LoadOptions(URI.create(hubs.get(0).url()), "fanout", subscribers,
          rooms, publishers, messages, rate, payload, 200, 0, Duration.ofSeconds(5),
          Duration.ofSeconds(120), null, nodes + " node(s), Redis bus", false);
      LoadResult result = LoadRun.run(options, addresses, System.err);
      System.out.print(result.table());
      return result.lost() == 0 ? 0 : 3;
    } finally {
      for (Hub hub : hubs) {
        hub.shutdown(Duration.ofSeconds(2));
      }
    }
  }
}
