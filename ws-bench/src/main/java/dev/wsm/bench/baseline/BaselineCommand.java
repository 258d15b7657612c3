package dev.wsm.bench.baseline;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsm-bench baseline}: runs {@link BaselineServer} until SIGTERM or Ctrl-C, then stops it
 * (closing every connection with 1001).
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
    description = "Run the plain Java-WebSocket baseline server (wsm's room protocol subset) "
        + "until Ctrl-C.")
public final class BaselineCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8081",
      description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535");
    }
    BaselineServer server = new BaselineServer(new InetSocketAddress(host, port));
    int bound;
    try {
      bound = server.startAndAwait(Duration.ofSeconds(10));
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("wsm-bench baseline: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.countDown();
    }, "baseline-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("baseline serving ws://" + hostForUrl(host) + ":" + bound + "/");
    out.flush();
    stopped.await();
    return 0;
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
