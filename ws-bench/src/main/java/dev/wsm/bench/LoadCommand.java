package dev.wsm.bench;

import dev.wsm.bench.load.LoadOptions;
import dev.wsm.bench.load.LoadResult;
import dev.wsm.bench.load.LoadRun;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load}: drives a WebSocket server with raw-NIO clients and reports throughput, loss, latency,
 * CPU and memory. Exit code 0 when nothing was lost and every connection opened, 3 otherwise.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load a wsm (or baseline) server and report delivered/s, loss, latency, CPU, memory.")
public final class LoadCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", description = "Server URL (default ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--scenario", defaultValue = "fanout", description = "fanout, connect or idle (default ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = {"-n", "--subscribers"}, defaultValue = "1000", description = "Subscriber connections (default ${DEFAULT-VALUE}).")
  int subscribers;

  @Option(names = {"-r", "--rooms"}, defaultValue = "1", description = "Rooms (default ${DEFAULT-VALUE}).")
  int rooms;

  @Option(names = {"-p", "--publishers"}, defaultValue = "1", description = "Publisher connections (default ${DEFAULT-VALUE}).")
  int publishers;

  @Option(names = {"-m", "--messages"}, defaultValue = "1000", description = "Messages published in all (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--rate", defaultValue = "0", description = "Messages/s over all publishers; 0 = burst (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--payload", defaultValue = "100", description = "Bytes of data per message (default ${DEFAULT-VALUE}).")
  int payload;

  @Option(names = {"-c", "--connect-concurrency"}, defaultValue = "500", description = "Handshakes in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--server-pid", defaultValue = "0", description = "Local server pid for CPU and memory figures.")
  long serverPid;

  @Option(names = "--drain-seconds", defaultValue = "10", description = "Wait this long for stragglers (default ${DEFAULT-VALUE}).")
  long drainSeconds;

  @Option(names = "--max-seconds", defaultValue = "300", description = "Stop the run after this long (default ${DEFAULT-VALUE}).")
  long maxSeconds;

  @Option(names = "--json", description = "Write the result as JSON to this file ('-' for stdout).")
  String json;

  @Option(names = "--timeline", description = "Write the latency per 10 ms of send time to this CSV file (fanout only).")
  String timeline;

  @Option(names = "--label", defaultValue = "server", description = "Name of the server under test.")
  String label;

  @Option(names = "--warmup-runs", defaultValue = "0", description = "Unmeasured runs of the same scenario first, in this process: they warm the server's JIT and the tool's own, so that the tool's compiler does not slow the measured run down (default ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    LoadOptions options;
    try {
      options = new LoadOptions(url, scenario, subscribers, rooms, publishers, messages, rate, payload,
          concurrency, serverPid, Duration.ofSeconds(drainSeconds), Duration.ofSeconds(maxSeconds),
          json == null || json.equals("-") ? null : Path.of(json),
          timeline == null ? null : Path.of(timeline), label, !noProgress);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (warmupRuns < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--warmup-runs must be 0 or more, not " + warmupRuns);
    }
    for (int i = 1; i <= warmupRuns; i++) {
      LoadResult warm = LoadRun.run(options.unrecorded(), System.err);
      System.err.printf("load: warm-up run %d of %d: %,.0f delivered/s, %,d lost%n", i, warmupRuns,
          warm.deliveredPerSecond(), warm.lost());
    }
    LoadResult result = LoadRun.run(options, System.err);
    if ("-".equals(json)) {
      System.out.println(result.toJson(options));
    } else {
      System.out.print(result.table());
      if (options.json() != null) {
        Files.writeString(options.json(), result.toJson(options));
      }
    }
    return result.lost() == 0 && result.connectFailures() == 0 ? 0 : 3;
  }
}
