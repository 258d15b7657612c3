package dev.wsm.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.bench.CommandRun;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code storm} command as a user runs it: its own server in a child JVM, or bad options. */
class StormCommandIT {
  private static int run(ByteArrayOutputStream err, String... args) {
    return CommandRun.run(new StormCommand(), new ByteArrayOutputStream(), err, args);
  }

  @Test
  void aSmallStormAgainstItsOwnSqliteServerRecoversEveryClient(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("storm.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = run(err, "--store", "sqlite", "-n", "100", "-r", "5", "--steady", "5", "--rate", "100",
        "--warm-ms", "300", "--down-ms", "300", "--tail-ms", "200", "--max-seconds", "60",
        "--json", json.toString());
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(json));
    assertThat(doc.path("result").path("recovered").asInt()).isEqualTo(100);
    assertThat(doc.path("result").path("lost").asInt()).isZero();
    assertThat(doc.path("result").path("serverCpuMillis").asDouble()).isNotNegative();
    assertThat(doc.path("result").path("serverRssKibMax").asLong()).isPositive();
  }

  @Test
  void anUnknownStoreIsRefusedWithExitTwoAndNoServerStarted() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--store", "redis")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--store must be memory or sqlite");
  }

  @Test
  void tooManyClientsAreRefusedWithExitTwoAndTheLimit() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "-n", "25000")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("clients must be between 1 and 19,000")
        .doesNotContain("Exception");
  }
}
