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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsm serve --ack-scope}, run from the built jar. */
class ServeAckScopeIT {
  @TempDir
  Path work;

  @Test
  void anUnknownAckScopeIsRefusedWithExitCode2() throws Exception {
    Process wsm = WsmProcess.start(work, null, "serve", "--port", "0", "--ack-scope", "sometimes");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).contains("ack-scope must be user or device").doesNotContain("Exception");
  }

  @Test
  void withDeviceScopeAnotherDeviceStillGetsTheMessageAfterOneAckedIt() throws Exception {
    Path stdout = Files.createTempFile("wsm-serve", ".out");
    Process[] wsm = new Process[1];
    try {
      String url = WsmProcess.serve(work, stdout, wsm, "--port", "0", "--store", "memory",
          "--ack-scope", "device");
      TestClient.connectWelcomed(URI.create(url + "?user=bob&device=laptop")).close();
      try (TestClient alice = TestClient.connectWelcomed(URI.create(url + "?user=alice"))) {
        assertThat(alice.request("type", "direct", "to", "bob", "data", "hi").path("queued")
            .asBoolean()).isTrue();
      }
      try (TestClient phone = TestClient.connectWelcomed(URI.create(url + "?user=bob&device=phone"))) {
        JsonNode hi = phone.await("direct");
        assertThat(phone.request("type", "ack", "upTo", hi.path("seq").asLong()).path("acked")
            .asInt()).isEqualTo(1);
      }
      try (TestClient laptop = TestClient.connectWelcomed(
          URI.create(url + "?user=bob&device=laptop"))) {
        assertThat(laptop.await("direct").path("data").asText()).isEqualTo("hi");
      }
    } finally {
      if (wsm[0] != null) {
        wsm[0].destroyForcibly();
      }
      Files.deleteIfExists(stdout);
    }
  }
}
