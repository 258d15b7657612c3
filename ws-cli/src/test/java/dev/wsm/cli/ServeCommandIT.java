package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.testkit.TestClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built {@code wsm.jar} as an operator would. */
class ServeCommandIT {
  private static final Pattern URL = Pattern.compile("serving (ws://\\S+)");

  @TempDir
  Path work;

  private Process wsm(String... args) throws Exception {
    return WsmProcess.start(work, null, args);
  }

  private Process wsm(Path stdout, String... args) throws Exception {
    return WsmProcess.start(work, stdout, args);
  }

  @Test
  void serveStartsPrintsItsUrlServesClientsAndStopsCleanlyOnSigterm() throws Exception {
    Path stdout = Files.createTempFile("wsm-serve", ".out");
    Process wsm = wsm(stdout, "serve", "--port", "0");
    try {
      String line = WsmProcess.firstLine(stdout, Duration.ofSeconds(20));
      assertThat(line).startsWith("wsm ").contains("serving ws://127.0.0.1:");
      Matcher m = URL.matcher(line);
      assertThat(m.find()).isTrue();
      URI uri = URI.create(m.group(1) + "?user=alice");
      try (TestClient alice = TestClient.connectWelcomed(uri)) {
        assertThat(alice.request("type", "join", "room", "general").path("ok").asBoolean()).isTrue();
        JsonNode pub = alice.request("type", "publish", "room", "general", "data", "hello");
        assertThat(pub.path("offset").asLong()).isEqualTo(1);
        wsm.destroy();
        assertThat(alice.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1001);
      }
      assertThat(wsm.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readAllLines(stdout)).last().isEqualTo("wsm stopped");
    } finally {
      wsm.destroyForcibly();
      Files.deleteIfExists(stdout);
    }
  }

  @Test
  void badOptionsExitNonZeroWithOneClearLineAndNoStackTrace() throws Exception {
    Process wsm = wsm("serve", "--port", "99999");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("wsm: port must be 0 to 65535 (was 99999)").doesNotContain("Exception");
  }

  @Test
  void anonymousModeRefusesANonLoopbackAddress() throws Exception {
    Process wsm = wsm("serve", "--host", "0.0.0.0", "--port", "0");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).contains("--allow-anonymous").doesNotContain("Exception");
  }

  @Test
  void aTakenPortIsReportedAsOneLineWithExitCode1() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Process wsm = wsm("serve", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(wsm.exitValue()).isEqualTo(1);
      assertThat(err).contains("wsm: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\tat ");
    }
  }

  @Test
  void versionPrintsTheBuildVersion() throws Exception {
    Process wsm = wsm("--version");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(wsm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(out).matches("wsm \\d+\\.\\d+\\.\\d+.*");
    assertThat(Files.exists(WsmProcess.JAR)).isTrue();
  }

  @Test
  void serveRunsOnTheJavaWebSocketTransportToo() throws Exception {
    Path stdout = Files.createTempFile("wsm-serve", ".out");
    Process[] wsm = new Process[1];
    try {
      String url = WsmProcess.serve(work, stdout, wsm, "--port", "0", "--transport", "java-websocket");
      assertThat(Files.readAllLines(stdout).get(0)).contains("transport: java-websocket");
      try (TestClient c = TestClient.connectWelcomed(URI.create(url + "?user=ann"))) {
        assertThat(c.request("type", "join", "room", "r").path("ok").asBoolean()).isTrue();
      }
    } finally {
      if (wsm[0] != null) {
        wsm[0].destroyForcibly();
      }
      Files.deleteIfExists(stdout);
    }
  }

  @Test
  void anUnknownTransportIsRefusedWithExitCode2() throws Exception {
    Process wsm = wsm("serve", "--port", "0", "--transport", "carrier-pigeon");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).contains("transport must be netty or java-websocket").doesNotContain("Exception");
  }

  @Test
  void aBadBackpressureLimitIsRefusedWithExitCode2NamingTheFlag() throws Exception {
    Process wsm = wsm("serve", "--port", "0", "--max-pending-per-node", "0");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("wsm: --max-pending-per-node must be at least 1 (was 0)")
        .doesNotContain("Exception");
  }

  @Test
  void benchDrivesARunningServerAndReportsNothingLost() throws Exception {
    Path stdout = Files.createTempFile("wsm-serve", ".out");
    Process[] server = new Process[1];
    try {
      String url = WsmProcess.serve(work, stdout, server, "--port", "0", "--max-connections-per-user", "0",
          "--rate-limit", "off", "--user-rate-limit", "off", "--max-connections-per-ip", "0");
      Process bench = wsm("bench", "--url", url, "-n", "20", "-m", "30", "--no-progress",
          "--server-pid", Long.toString(server[0].pid()));
      assertThat(bench.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bench.exitValue()).as(out).isZero();
      assertThat(out).contains("600 of 600 (lost 0)").contains("server CPU/delivery");
    } finally {
      if (server[0] != null) {
        server[0].destroyForcibly();
      }
      Files.deleteIfExists(stdout);
    }
  }
}
