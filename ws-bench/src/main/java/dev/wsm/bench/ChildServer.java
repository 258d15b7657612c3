package dev.wsm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A benchmark server in a child JVM with this JVM's class path: optionally pinned to CPUs with
 * {@code taskset}, its standard error in a log file. The child prints {@code listening <url>} once
 * it serves and shuts down when its standard input closes ({@link #close}).
 */
public final class ChildServer implements AutoCloseable {
  private final Process process;
  private final URI url;
  private final Path log;

  private ChildServer(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args} and waits up to 60 s for its {@code listening} line.
   *
   * @param cpus a {@code taskset -c} CPU list, or null for no pinning
   * @param javaOptions options for the child's JVM, split at spaces (e.g. {@code -Xmn32m}), or null
   * @throws IOException if it cannot start or never says it listens (the log says why)
   */
  public static ChildServer start(Class<?> mainClass, List<String> args, String cpus,
      String javaOptions, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (javaOptions != null && !javaOptions.isBlank()) {
      command.addAll(List.of(javaOptions.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    String url = awaitUrl(process);
    if (url == null) {
      process.destroyForcibly();
      throw new IOException("the server did not start; see " + log);
    }
    return new ChildServer(process, URI.create(url), log);
  }

  private static String awaitUrl(Process server) {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        for (String l = out.readLine(); l != null; l = out.readLine()) {
          if (l.startsWith("listening ")) {
            return l.substring("listening ".length()).trim();
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    try {
      return line.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public URI url() {
    return url;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /**
   * Closes the child's input and waits up to 10 s for it to stop, then kills it.
   *
   * @return true if it stopped by itself with exit code 0
   */
  public boolean stop() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    return process.exitValue() == 0;
  }

  /** Deletes a folder and everything in it (a run's temp folder). */
  public static void deleteTree(Path dir) throws IOException {
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
