package dev.wsm.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests. {@link #shared()} is the server at {@code REDIS_URL} when that is set
 * (CI on a machine with Redis), otherwise one {@code redis-server} process started for this JVM.
 * {@link #ownProcess()} always starts a process of the test's own, which it may stop and restart
 * (outage tests must never stop a shared server). Every test uses its own key prefix ({@link
 * #options()}) and removes its keys with {@link #deleteKeys(String)}: no test flushes a database.
 */
public final class RedisTestServer implements AutoCloseable {
  private static RedisTestServer shared;

  private final String uri;
  private final int port;
  private final Path dir;
  private Process process;

  private RedisTestServer(String uri, int port, Path dir) {
    this.uri = uri;
    this.port = port;
    this.dir = dir;
  }

  /** The server every test class may share (never stopped by a test). */
  public static synchronized RedisTestServer shared() {
    if (shared == null) {
      String url = System.getenv("REDIS_URL");
      if (url != null && !url.isBlank()) {
        shared = new RedisTestServer(url.trim(), -1, null);
      } else {
        shared = ownProcess();
        RedisTestServer s = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      }
    }
    return shared;
  }

  /** A redis-server process of the caller's own, on a free loopback port. */
  public static RedisTestServer ownProcess() {
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("wsm-redis-");
      RedisTestServer server = new RedisTestServer("redis://127.0.0.1:" + port, port, dir);
      server.startProcess();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server (is it on PATH?)", e);
    }
  }

  /** Starts this test's own process again on the same port, after {@link #stopProcess()}. */
  public synchronized void startProcess() {
    if (port < 0) {
      throw new IllegalStateException("the shared REDIS_URL server is not this test's to start");
    }
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(redisServerBinary(), "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--logfile", dir.resolve("redis.log").toString()));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server (is it on PATH?)", e);
    }
    awaitPing(Duration.ofSeconds(10));
  }

  /** Kills this test's own process at once (no goodbye to clients), as a crash or an outage. */
  public synchronized void stopProcess() {
    if (port < 0) {
      throw new IllegalStateException("the shared REDIS_URL server is not this test's to stop");
    }
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public String uri() {
    return uri;
  }

  /** Store options on this server under a key prefix no other test uses. */
  public RedisOptions options() {
    return RedisOptions.at(uri).withKeyPrefix("wsm-test-" + UUID.randomUUID() + ":");
  }

  /** Deletes every key that starts with {@code prefix}. */
  public void deleteKeys(String prefix) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> cmd = c.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = cmd.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          cmd.unlink(page.getKeys().toArray(new String[0]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private void awaitPing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.getOutputStream().write("PING\r\n".getBytes());
        byte[] buf = new byte[7];
        int n = s.getInputStream().read(buf);
        if (n > 0 && new String(buf, 0, n).startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("redis-server did not answer PING on port " + port);
  }

  private static String redisServerBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return "redis-server";
  }

  @Override
  public synchronized void close() {
    if (port >= 0) {
      stopProcess();
    }
  }
}
