package dev.wsm.bench.storm;

import dev.wsm.bench.ChildServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsm-bench storm}: N clients in R rooms drop their TCP connections at once and all resume,
 * while a publisher keeps publishing. Starts a server in a child JVM (pinned to CPU 0 with {@code
 * --pin}) unless {@code --url} names one. Exit 0 when every client recovered with nothing lost or
 * repeated, 3 otherwise, 2 for bad options.
 */
@Command(name = "storm", description = "Reconnect storm: N clients drop at once and resume.")
public final class StormCommand implements Callable<Integer> {
  @Option(names = "--url", description = "a running server, ws://host:port/path (default: start one in a child JVM)")
  URI url;

  @Option(names = "--server-pid", defaultValue = "0", description = "pid of the --url server, for CPU and RSS")
  long serverPid;

  @Option(names = "--store", defaultValue = "memory", description = "store of the started server: memory or sqlite (default ${DEFAULT-VALUE})")
  String store;

  @Option(names = "--pin", description = "pin the started server to CPU 0 (taskset -c 0); run the tool itself under taskset -c 1")
  boolean pin;

  @Option(names = "--server-java-opts", description = "JVM options of the started server, e.g. \"-XX:+UseG1GC -Xmn64m\" (default: the JVM's own)")
  String serverJavaOpts;

  @Option(names = {"-n", "--clients"}, defaultValue = "10000", description = "clients that drop and resume (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = {"-r", "--rooms"}, defaultValue = "100", description = "rooms, 1 to 100 (default ${DEFAULT-VALUE})")
  int rooms;

  @Option(names = "--steady", defaultValue = "100", description = "clients that stay connected and measure live latency (default ${DEFAULT-VALUE})")
  int steady;

  @Option(names = "--rate", defaultValue = "200", description = "messages/s published over all rooms (default ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--payload", defaultValue = "100", description = "bytes of data per message (default ${DEFAULT-VALUE})")
  int payload;

  @Option(names = {"-c", "--connect-concurrency"}, defaultValue = "500", description = "handshakes in flight at once (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--warm-ms", defaultValue = "2000", description = "publishing before the drop (default ${DEFAULT-VALUE})")
  long warmMs;

  @Option(names = "--down-ms", defaultValue = "1000", description = "time every client stays away (default ${DEFAULT-VALUE})")
  long downMs;

  @Option(names = "--jitter-ms", defaultValue = "0", description = "random extra delay per reconnect, up to this (default ${DEFAULT-VALUE}: all at once)")
  long jitterMs;

  @Option(names = "--tail-ms", defaultValue = "1000", description = "publishing after the last recovered (default ${DEFAULT-VALUE})")
  long tailMs;

  @Option(names = "--max-attempts", defaultValue = "5", description = "reconnect attempts per client (default ${DEFAULT-VALUE})")
  int maxAttempts;

  @Option(names = "--max-seconds", defaultValue = "120", description = "hard deadline of the run (default ${DEFAULT-VALUE})")
  long maxSeconds;

  @Option(names = "--drain-seconds", defaultValue = "10", description = "wait for the last messages (default ${DEFAULT-VALUE})")
  long drainSeconds;

  @Option(names = "--warmup-runs", defaultValue = "0", description = "unmeasured storms of the same size first, against the same server, so the measured one meets a server whose JIT has compiled the storm's paths, as a long-running server would (default ${DEFAULT-VALUE})")
  int warmupRuns;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the jitter (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--label", description = "what the report calls the server")
  String label;

  @Option(names = "--json", description = "write the result as JSON to FILE (- for stdout)")
  String json;

  @Override
  public Integer call() throws Exception {
    if (!store.equals("memory") && !store.equals("sqlite")) {
      return usage("--store must be memory or sqlite");
    }
    if (url != null && !url.isAbsolute()) {
      return usage("--url must be ws://host:port/path");
    }
    try {
      options(url != null ? url : URI.create("ws://127.0.0.1:1/ws"), serverPid); // before any server
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    ChildServer server = null;
    Path dir = null;
    try {
      URI target = url;
      long pid = serverPid;
      if (target == null) {
        dir = Files.createTempDirectory("wsm-storm");
        List<String> args = store.equals("sqlite")
            ? List.of(store, dir.resolve("storm.db").toString()) : List.of(store);
        server = ChildServer.start(StormServer.class, args, pin ? "0" : null, serverJavaOpts,
            dir.resolve("server.log"));
        target = server.url();
        pid = server.pid();
      }
      StormOptions options = options(target, pid);
      for (int i = 1; i <= warmupRuns; i++) {
        StormResult warm = StormRun.run(options, System.err);
        System.err.printf("storm: warm-up run %d of %d: %,d recovered, live p99 %.1f ms%n", i,
            warmupRuns, warm.recovered(), warm.stormP99Millis());
      }
      StormResult result = StormRun.run(options, System.err);
      System.out.print(result.table());
      if (json != null) {
        String doc = result.toJson(options);
        if (json.equals("-")) {
          System.out.println(doc);
        } else {
          Files.writeString(Path.of(json), doc + "\n");
        }
      }
      return result.clean() ? 0 : 3;
    } catch (IOException e) {
      System.err.println("wsm-bench storm: " + e.getMessage());
      return 3;
    } finally {
      if (server != null && server.stop()) {
        ChildServer.deleteTree(dir); // the database and the log of a server that started and stopped cleanly
      }
    }
  }



  private StormOptions options(URI target, long pid) {
    return new StormOptions(target, pid, clients, rooms, steady, rate, payload, concurrency,
        Duration.ofMillis(warmMs), Duration.ofMillis(downMs), Duration.ofMillis(jitterMs),
        Duration.ofMillis(tailMs), maxAttempts, Duration.ofSeconds(maxSeconds),
        Duration.ofSeconds(drainSeconds), label != null ? label : url != null ? "wsm" : "wsm-" + store,
        seed);
  }

  private static int usage(String message) {
    System.err.println("wsm-bench storm: " + message);
    return 2;
  }
}
