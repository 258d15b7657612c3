package dev.wsm.bench.cluster;

import dev.wsm.bench.ChildServer;
import dev.wsm.bench.load.LoadOptions;
import dev.wsm.bench.load.LoadResult;
import dev.wsm.bench.load.LoadRun;
import dev.wsm.core.MessageId;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisPrefixes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsm-bench cluster}: starts {@code --nodes} wsm nodes, each in a JVM of its own ({@link
 * ClusterNode}: Netty on a free port, the Redis store and bus under a key prefix of this run), spreads
 * the subscribers over them round-robin, puts the publishers on the first node, and runs the load
 * tool's fan-out. It reports the subscribers' latency per node, and what the cross-node hop adds per
 * message: its first delivery on another node minus its first delivery on the publishers' node. With
 * {@code --nodes 1} every delivery is local: the baseline for the same clients.
 */
@Command(name = "cluster", description = "Cross-node fan-out over the Redis bus vs one node.")
public final class ClusterCommand implements Callable<Integer> {
  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Redis URI (default ${DEFAULT-VALUE}).")
  String redis;

  @Option(names = "--nodes", defaultValue = "3", description = "Nodes, 1 to 5 (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--node-cpus", description = "Pin every node to these CPUs (taskset -c LIST, e.g. 0); default: not pinned.")
  String nodeCpus;

  @Option(names = "--node-java-opts", description = "JVM options of every node, e.g. \"-Xmn32m\" (default: the JVM's own).")
  String nodeJavaOpts;

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

  @Option(names = "--key-prefix", description = "Redis key prefix of the run, removed at the end (default: wsm-bench-<random id>:).")
  String keyPrefix;

  @Option(names = "--json", description = "Write the result as JSON to FILE (- for stdout).")
  String json;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 5) {
      System.err.println("wsm-bench cluster: --nodes must be 1 to 5");
      return 2;
    }
    String prefix = keyPrefix != null && !keyPrefix.isEmpty() ? keyPrefix
        : "wsm-bench-" + MessageId.random().value() + ":";
    try {
      RedisOptions.at(redis);
    } catch (IllegalArgumentException e) {
      System.err.println("wsm-bench cluster: " + e.getMessage());
      return 2;
    }
    Path dir = Files.createTempDirectory("wsm-cluster");
    List<ChildServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        servers.add(ChildServer.start(ClusterNode.class, List.of(redis, prefix), nodeCpus,
            nodeJavaOpts, dir.resolve("node-" + i + ".log")));
      }
      List<InetSocketAddress> addresses = servers.stream()
          .map(s -> new InetSocketAddress("127.0.0.1", s.url().getPort())).toList();
      LoadOptions options = new LoadOptions(servers.get(0).url(), "fanout", subscribers,
          rooms, publishers, messages, rate, payload, 200, 0, Duration.ofSeconds(5),
          Duration.ofSeconds(120), null, null, nodes + " node(s), Redis bus", false);
      LoadResult result = LoadRun.run(options, addresses, System.err);
      System.out.print(result.table());
      if (json != null) {
        String doc = result.toJson(options);
        if (json.equals("-")) {
          System.out.println(doc);
        } else {
          Files.writeString(Path.of(json), doc + "\n");
        }
      }
      return result.lost() == 0 ? 0 : 3;
    } catch (IOException e) {
      System.err.println("wsm-bench cluster: " + e.getMessage() + " (node logs in " + dir + ")");
      return 3;
    } finally {
      boolean clean = true;
      for (ChildServer server : servers) {
        clean &= server.stop();
      }
      if (clean) {
        ChildServer.deleteTree(dir); // the logs of nodes that started and stopped cleanly
      }
      try {
        RedisPrefixes.delete(redis, prefix); // the run's streams, rosters and leases
      } catch (RuntimeException e) {
        System.err.println("wsm-bench cluster: could not remove the run's keys under " + prefix
            + ": " + e.getMessage());
      }
    }
  }


}
