package dev.wsm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code load} command as a user runs it against a real server. */
class LoadCommandIT {
  private static TestServer server() {
    return TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)));
  }

  @Test
  void warmUpRunsGoFirstInTheSameProcessAndOnlyTheMeasuredRunIsRecorded(@TempDir Path dir)
      throws Exception {
    try (TestServer server = server()) {
      Path json = dir.resolve("load.json");
      Path timeline = dir.resolve("timeline.csv");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = CommandRun.run(new LoadCommand(), new ByteArrayOutputStream(), err,
          "--url", server.hub().url(), "-n", "10", "-p", "1", "-m", "30", "--warmup-runs", "2",
          "--no-progress", "--json", json.toString(), "--timeline", timeline.toString());

      String printed = err.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(printed).isZero();
      assertThat(printed).contains("warm-up run 1 of 2").contains("warm-up run 2 of 2")
          .contains("0 lost");
      JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
      assertThat(doc.path("result").path("delivered").asLong()).isEqualTo(300);
      List<String> rows = Files.readAllLines(timeline);
      assertThat(rows.subList(1, rows.size()).stream()
          .mapToLong(row -> Long.parseLong(row.split(",")[2])).sum())
          .as("the timeline holds the measured run's deliveries only").isEqualTo(300);
    }
  }

  @Test
  void aNegativeWarmUpCountIsRefusedWithExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = CommandRun.run(new LoadCommand(), new ByteArrayOutputStream(), err,
        "--url", "ws://127.0.0.1:1/ws", "--warmup-runs", "-1");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--warmup-runs must be 0 or more, not -1").doesNotContain("Exception");
  }
}
