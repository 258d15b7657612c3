package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class of the test sources on the test class path: the "other
 * process" of the fault tests. Its stdout and stderr are read line by line on a daemon thread; every
 * wait on it is bounded; {@link #close()} kills it if it is still running.
 */
final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();

  private ChildJvm(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    this.process = builder.start();
    Thread reader = new Thread(this::readOutput, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code main} with {@code args} in a new JVM. */
  static ChildJvm start(Class<?> main, String... args) throws IOException {
    return new ChildJvm(javaCommand(main, args));
  }

  /**
   * Runs {@code main} in a new JVM, with {@code jvmOptions}, in which no file may grow past {@code
   * kib} KiB ({@code ulimit -f}): writes beyond fail with EFBIG, since HotSpot ignores SIGXFSZ.
   */
  static ChildJvm startWithFileSizeLimit(long kib, List<String> jvmOptions, Class<?> main,
      String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", "-c",
        "ulimit -f " + kib + " && exec \"$@\"", "bash"));
    List<String> java = javaCommand(main, args);
    java.addAll(1, jvmOptions);
    command.addAll(java);
    return new ChildJvm(command);
  }

  static boolean bashAvailable() {
    return Path.of("/bin/bash").toFile().canExecute() || Path.of("/usr/bin/bash").toFile().canExecute();
  }

  private static List<String> javaCommand(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:-UsePerfData");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
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
      output.append("(reading the child's output failed: ").append(e).append(")\n");
    } finally {
      lines.add(EOF);
    }
  }

  /** The next output line that starts with {@code prefix}; fails the test after {@code timeout}. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    return findLine(prefix, timeout).orElseGet(() -> fail("the child printed no line starting with '"
        + prefix + "' within " + timeout + (process.isAlive() ? "" : " (it exited)")
        + "; its output:\n" + output));
  }

  private Optional<String> findLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        return Optional.empty();
      }
      if (line == EOF) {
        lines.add(EOF); // later waits see the end too
        return Optional.empty();
      }
      if (line.startsWith(prefix)) {
        return Optional.of(line);
      }
    }
  }

  /** Sends one line to the child's stdin. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits for the child to exit; fails the test after {@code timeout}. Returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("the child did not exit within " + timeout + "; its output:\n" + output);
    }
    return process.exitValue();
  }

  /** Everything the child printed so far. */
  String output() {
    return output.toString();
  }

  /** Closes the child's stdin (the children exit on that), and kills it if it is still running. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // it may have exited already
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
