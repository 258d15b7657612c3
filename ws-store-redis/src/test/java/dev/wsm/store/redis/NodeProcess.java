package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RedisNodeMain} in a JVM of its own, on the test class path: a node the test can kill
 * with SIGKILL. Every wait is bounded; {@link #close()} kills it if it still runs.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();
  private final int port;

  NodeProcess(RedisOptions options, Duration lease, String secret) throws Exception {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
        RedisNodeMain.class.getName(), options.uri().toString(), options.keyPrefix(),
        Long.toString(lease.toMillis()), secret);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(this::readOutput, "node-process-output");
    reader.setDaemon(true);
    reader.start();
    port = Integer.parseInt(awaitLine("PORT ", Duration.ofSeconds(60)).substring(5).trim());
  }

  int port() {
    return port;
  }

  /** SIGKILL: no goodbye, no close frame, no lease release. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      fail("the node process did not die within 10 s");
    }
  }

  private String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        return fail("the node printed no '" + prefix + "' line within " + timeout
            + "; its output:\n" + output);
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        lines.add(line);
      }
    } catch (IOException e) {
      output.append("(reading the node's output failed: ").append(e).append(")\n");
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // it may have exited already
    }
    if (!process.waitFor(3, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
