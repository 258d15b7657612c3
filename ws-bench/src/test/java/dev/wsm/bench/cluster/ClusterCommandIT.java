package dev.wsm.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.bench.CommandRun;
import dev.wsm.store.redis.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cluster} benchmark as a user runs it: two nodes in JVMs of their own on a real Redis
 * (REDIS_URL, or one the tests start), the latency reported per node, and nothing left in Redis.
 */
class ClusterCommandIT {
  private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return CommandRun.run(new ClusterCommand(), out, err, args);
  }

  private static long keysUnder(String uri, String pattern) {
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().keys(pattern).size();
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoNodesDeliverEveryMessageAndReportTheLatencyOfEachNode(@TempDir Path dir) throws Exception {
    String redis = RedisTestServer.shared().uri();
    Path json = dir.resolve("cluster.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String prefix = "wsm-bench-it-" + System.nanoTime() + ":";
    int exit = run(out, err, "--redis", redis, "--key-prefix", prefix, "--nodes", "2", "-n", "20", "-r", "1", "-p", "1",
        "-m", "200", "--rate", "400", "--json", json.toString());

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode result = new ObjectMapper().readTree(Files.readString(json)).path("result");
    // One room of 20 subscribers, 10 on each node: every message reaches 20 members.
    assertThat(result.path("delivered").asLong()).isEqualTo(4_000);
    assertThat(result.path("lost").asLong()).isZero();
    JsonNode perServer = result.path("perServer");
    assertThat(perServer.size()).isEqualTo(2);
    // Subscribers alternate between the nodes: half of the deliveries crossed the bus.
    assertThat(perServer.get(0).path("deliveries").asLong()).isEqualTo(2_000);
    assertThat(perServer.get(1).path("deliveries").asLong()).isEqualTo(2_000);
    assertThat(perServer.get(1).path("p99Micros").asLong()).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("hop to server 1 adds");
    assertThat(perServer.get(1).path("hop").path("messages").asLong()).isEqualTo(200);
    assertThat(perServer.get(0).path("hop").isNull()).isTrue();
    assertThat(keysUnder(redis, prefix + "*")).as("keys left in Redis").isZero();
  }

  @Test
  void tooManyNodesAreRefusedWithExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(new ByteArrayOutputStream(), err, "--nodes", "9")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--nodes must be 1 to 5");
  }
}
