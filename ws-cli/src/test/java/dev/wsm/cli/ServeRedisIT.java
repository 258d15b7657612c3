package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.testkit.TestClient;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsm serve --store redis}, run as an operator would. */
class ServeRedisIT {
  @TempDir
  Path work;

  @Test
  void anUnreachableRedisAtStartIsOneClearLineWithoutThePasswordAndExitCode3() throws Exception {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(java(), "-jar", WsmProcess.JAR.toString(),
        "serve", "--port", "0", "--store", "redis").directory(work.toFile());
    builder.environment().put("WSM_REDIS_URL", "redis://:sekrit@127.0.0.1:" + port);
    Process wsm = builder.start();

    String err = WsmProcess.exitAndStderr(wsm);

    assertThat(wsm.exitValue()).isEqualTo(ServeCommand.EXIT_STORE);
    assertThat(err).contains("wsm: cannot connect to Redis at redis://127.0.0.1:" + port)
        .doesNotContain("sekrit").doesNotContain("\tat ");
    assertThat(err.lines().filter(l -> l.startsWith("wsm:"))).hasSize(1);
    assertThat(work.resolve("wsm.db")).doesNotExist();
  }

  @Test
  void aBadRedisUriIsRefusedWithExitCode2() throws Exception {
    Process wsm = WsmProcess.start(work, null, "serve", "--store", "redis", "--redis",
        "http://127.0.0.1:6379");
    assertThat(WsmProcess.exitAndStderr(wsm)).contains("redis://");
    assertThat(wsm.exitValue()).isEqualTo(2);
  }

  @Test
  void serveOnRedisServesClients() throws Exception {
    Process redis = null;
    String url = System.getenv("REDIS_URL");
    if (url == null || url.isBlank()) {
      int port = freePort();
      redis = new ProcessBuilder(redisServer(), "--port", String.valueOf(port), "--bind",
          "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("redis.log").toFile()).start();
      url = "redis://127.0.0.1:" + port;
    }
    String prefix = "wsm-cli-test-" + java.util.UUID.randomUUID() + ":";
    Process[] server = new Process[1];
    try {
      if (redis != null) {
        awaitPort(URI.create(url).getPort());
      }
      String ws = WsmProcess.serve(work, work.resolve("out"), server, "--port", "0", "--store",
          "redis", "--redis", url, "--redis-prefix", prefix);
      assertThat(java.nio.file.Files.readAllLines(work.resolve("out")).get(0))
          .contains("store: redis");
      try (TestClient c = TestClient.connectWelcomed(URI.create(ws + "?user=c"))) {
        String room = "serve-redis";
        assertThat(c.request("type", "join", "room", room).path("ok").asBoolean()).isTrue();
        JsonNode pub = c.request("type", "publish", "room", room, "data", "hi");
        assertThat(pub.path("offset").asLong()).isEqualTo(1);
      }
      assertThat(work.resolve("wsm.db")).doesNotExist();
      assertThat(deleteKeys(url, prefix)).as("the keys are under the prefix").isPositive();
    } finally {
      if (server[0] != null) {
        server[0].destroyForcibly();
        server[0].waitFor(10, TimeUnit.SECONDS);
      }
      if (redis != null) {
        redis.destroyForcibly();
        redis.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Deletes every key under {@code prefix}; returns how many there were. */
  private static long deleteKeys(String url, String prefix) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
    try (var connection = client.connect()) {
      var redis = connection.sync();
      long deleted = 0;
      io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
      do {
        var page = redis.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*"));
        if (!page.getKeys().isEmpty()) {
          deleted += redis.unlink(page.getKeys().toArray(new String[0]));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return deleted;
    } finally {
      client.shutdown();
    }
  }

  private static void awaitPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("redis-server did not listen on " + port, notYet);
        }
        Thread.sleep(20);
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String redisServer() {
    List<String> dirs = new ArrayList<>(List.of(
        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    for (String dir : dirs) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return "redis-server";
  }
}
