package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.testkit.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsm serve}'s abuse-limit options, on the built {@code wsm.jar}. */
class ServeLimitsIT {
  @TempDir
  Path work;

  @Test
  void theLimitOptionsReachTheServer() throws Exception {
    Process[] server = new Process[1];
    try {
      String url = WsmProcess.serve(work, work.resolve("out"), server, "--port", "0",
          "--store", "memory", "--rate-limit", "1/m", "--rate-burst", "2",
          "--max-connections-per-ip", "2", "--allowed-origin", "https://app.example.com");
      try (TestClient c = TestClient.connectWelcomed(URI.create(url + "?user=a"))) {
        assertThat(ping(c, "p1").path("type").asText()).isEqualTo("pong");
        assertThat(ping(c, "p2").path("type").asText()).isEqualTo("pong");
        assertThat(ping(c, "p3").path("error").path("code").asText()).isEqualTo("rate_limited");

        assertThat(status(url + "?user=b", "https://evil.example.com")).isEqualTo(403);
        try (TestClient b = TestClient.connectWelcomed(URI.create(url + "?user=b"))) {
          assertThat(status(url + "?user=c", "https://app.example.com")).isEqualTo(429);
        }
      }
    } finally {
      if (server[0] != null) {
        server[0].destroyForcibly();
      }
    }
  }

  @Test
  void aBadRateIsRefusedWithExitCode2AndOneClearLine() throws Exception {
    Process wsm = WsmProcess.start(work, null, "serve", "--port", "0", "--rate-limit", "10/x");
    String err = WsmProcess.exitAndStderr(wsm);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("wsm: --rate-limit must be N/s, N/m or N/h")
        .doesNotContain("Exception");
  }

  @Test
  void aBadOriginIsRefusedWithExitCode2AndOneClearLine() throws Exception {
    Process wsm = WsmProcess.start(work, null, "serve", "--port", "0",
        "--allowed-origin", "app.example.com");
    String err = WsmProcess.exitAndStderr(wsm);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("wsm: an allowed origin is scheme://host[:port]")
        .doesNotContain("Exception");
  }

  private static JsonNode ping(TestClient c, String ref) {
    c.send("type", "ping", "ref", ref);
    return c.await(f -> ref.equals(f.path("ref").asText()), Duration.ofSeconds(10));
  }

  /** 101 if a WebSocket with this Origin opens, else the HTTP status of the refusal. */
  private static int status(String url, String origin) throws Exception {
    try {
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin)
          .buildAsync(URI.create(url), new WebSocket.Listener() { })
          .get(10, TimeUnit.SECONDS);
      ws.abort();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }
}
