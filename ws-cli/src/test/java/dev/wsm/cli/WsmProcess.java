package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the built {@code wsm.jar} as an operator would: a child process working in a directory of
 * the test's own, so the default {@code ./wsm.db} lands there.
 */
final class WsmProcess {
  static final Path JAR = Path.of("target", "wsm.jar").toAbsolutePath();
  private static final Pattern URL = Pattern.compile("serving (ws://\\S+)");

  private WsmProcess() {}

  /** Starts {@code wsm args...} in {@code workDir}; stdout goes to {@code stdout} when not null. */
  static Process start(Path workDir, Path stdout, String... args) throws Exception {
    assertThat(JAR).as("the runnable jar is built in the package phase").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    if (stdout != null) {
      builder.redirectOutput(stdout.toFile());
    }
    return builder.start();
  }

  /** Starts {@code wsm serve args...} and returns its URL once it prints it. */
  static String serve(Path workDir, Path stdout, Process[] out, String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    out[0] = start(workDir, stdout, all);
    String line = firstLine(stdout, Duration.ofSeconds(20));
    Matcher m = URL.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }

  static String firstLine(Path file, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(file);
      if (!lines.isEmpty()) {
        return lines.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("wsm printed nothing within " + timeout);
  }

  /** Waits for the process to exit and returns its standard error. */
  static String exitAndStderr(Process p) throws Exception {
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("wsm exits within 30 s").isTrue();
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
