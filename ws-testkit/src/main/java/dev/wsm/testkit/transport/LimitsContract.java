package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.RateLimit;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Abuse limits over a real transport: inbound rate limits (per connection, per user, per message
 * type) answered {@code rate_limited} and, past the violation threshold, closed with 4008; the
 * protocol-error threshold (4002); the per-address connection cap and the Origin allowlist refused
 * before the upgrade with HTTP 429 and 403. The rate tests run on the buckets' real clock.
 */
public abstract class LimitsContract extends TransportContract {
  private static final LimitOptions QUIET = LimitOptions.NONE;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestServer start(LimitOptions limits) {
    return start(FAST, limits, TransportSettings.DEFAULTS);
  }

  @Test
  public void aFloodAtTenTimesTheRateLimitIsCutToTheLimitWithinFivePercent() {
    RateLimit rate = RateLimit.perSecond(10, 20);
    try (TestServer server = start(QUIET.withConnectionRate(rate));
        TestClient c = server.connect("flooder")) {
      int frames = 300; // 100/s for 3 s: ten times the rate
      long periodNanos = Duration.ofMillis(10).toNanos();
      long first = System.nanoTime();
      for (int i = 0; i < frames; i++) {
        LockSupport.parkNanos(first + i * periodNanos - System.nanoTime());
        c.send("type", "ping", "ref", "f" + i);
      }
      double sent = (System.nanoTime() - first) / 1e9;
      c.await(f -> ("f" + (frames - 1)).equals(f.path("ref").asText()), Duration.ofSeconds(5));

      List<JsonNode> answers = c.received().stream()
          .filter(f -> f.path("ref").asText().startsWith("f")).toList();
      List<JsonNode> pongs = answers.stream()
          .filter(f -> f.path("type").asText().equals("pong")).toList();
      long limited = answers.stream()
          .filter(f -> f.path("error").path("code").asText().equals("rate_limited")).count();
      assertThat(answers).hasSize(frames);
      assertThat(pongs.size() + limited).isEqualTo(frames);
      // The bucket's window is the server's: from the first accepted ping to the last, as the pongs'
      // timestamps say (a loaded test machine may read the flood later than it was sent).
      double window = Duration.between(Instant.parse(pongs.get(0).path("ts").asText()),
          Instant.parse(pongs.get(pongs.size() - 1).path("ts").asText())).toNanos() / 1e9;
      assertThat(window).as("the server read the flood for about as long as it was sent")
          .isBetween(sent - 1, sent + 1);
      double expected = rate.burst() + rate.permits() * window;
      assertThat((double) pongs.size())
          .as("accepted of %d frames sent in %.2f s, read in %.2f s", frames, sent, window)
          .isBetween(expected * 0.95, expected * 1.05);
      assertThat(c.isOpen()).isTrue();
    }
  }

  @Test
  public void aRateLimitedRequestIsAnsweredWithItsRefAndTheConnectionStaysUsable() throws Exception {
    try (TestServer server = start(QUIET.withConnectionRate(RateLimit.perSecond(5, 1)));
        TestClient c = server.connect("alice")) {
      c.send("type", "ping", "ref", "a");
      c.send("type", "ping", "ref", "b");
      assertThat(c.await("pong").path("ref").asText()).isEqualTo("a");
      JsonNode refused = c.await(f -> "b".equals(f.path("ref").asText()), Duration.ofSeconds(5));
      assertThat(refused.path("type").asText()).isEqualTo("reply");
      assertThat(refused.path("ok").asBoolean()).isFalse();
      assertThat(refused.path("error").path("code").asText()).isEqualTo("rate_limited");
      Thread.sleep(250); // a token comes back every 200 ms
      c.send("type", "ping", "ref", "c");
      assertThat(c.await(f -> "c".equals(f.path("ref").asText()), Duration.ofSeconds(5))
          .path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  public void tooManyViolationsCloseTheConnectionWith4008() {
    LimitOptions limits = QUIET.withConnectionRate(RateLimit.perSecond(1, 5))
        .withMaxViolations(3, Duration.ofSeconds(10));
    try (TestServer server = start(limits); TestClient c = server.connect("flooder")) {
      for (int i = 0; i < 20; i++) {
        c.send("type", "ping", "ref", "p" + i);
      }
      assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.RATE_LIMITED);
      long limited = c.received().stream()
          .filter(f -> f.path("error").path("code").asText().equals("rate_limited")).count();
      long accepted = c.received().stream().filter(f -> f.path("type").asText().equals("pong"))
          .count();
      assertThat(accepted).isEqualTo(5);
      assertThat(limited).isEqualTo(3);
    }
  }

  @Test
  public void aUsersConnectionsShareTheUserBucket() {
    LimitOptions limits = QUIET.withUserRate(RateLimit.perSecond(1, 10));
    try (TestServer server = start(limits);
        TestClient a = server.connect("bob");
        TestClient b = server.connect("bob");
        TestClient other = server.connect("carol")) {
      for (int i = 0; i < 10; i++) {
        a.send("type", "ping", "ref", "a" + i);
        b.send("type", "ping", "ref", "b" + i);
      }
      a.await(f -> "a9".equals(f.path("ref").asText()), Duration.ofSeconds(5));
      b.await(f -> "b9".equals(f.path("ref").asText()), Duration.ofSeconds(5));
      long accepted = pongs(a) + pongs(b);
      assertThat(accepted).isBetween(10L, 11L);
      other.send("type", "ping", "ref", "o");
      assertThat(other.await("pong").path("ref").asText()).isEqualTo("o");
    }
  }

  @Test
  public void aMessageTypeCanHaveItsOwnRateOrNone() {
    LimitOptions limits = QUIET.withConnectionRate(RateLimit.perSecond(1, 2))
        .withTypeRates(Map.of("ping", RateLimit.OFF));
    try (TestServer server = start(limits); TestClient c = server.connect("alice")) {
      for (int i = 0; i < 30; i++) {
        c.send("type", "ping", "ref", "p" + i);
      }
      c.await(f -> "p29".equals(f.path("ref").asText()), Duration.ofSeconds(5));
      assertThat(pongs(c)).isEqualTo(30);
      assertThat(c.request("type", "join", "room", "r1").path("ok").asBoolean()).isTrue();
      assertThat(c.request("type", "join", "room", "r2").path("ok").asBoolean()).isTrue();
      assertThat(c.request("type", "join", "room", "r3").path("error").path("code").asText())
          .isEqualTo("rate_limited");
    }
  }

  @Test
  public void tooManyProtocolErrorsCloseTheConnectionWith4002() {
    LimitOptions limits = QUIET.withMaxErrors(3, Duration.ofSeconds(60));
    try (TestServer server = start(limits); TestClient c = server.connect("fuzzer")) {
      c.sendText("{not json");
      c.sendText("[]");
      assertThat(c.request("type", "fly").path("error").path("code").asText())
          .isEqualTo("unknown_type");
      assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.TOO_MANY_ERRORS);
    }
  }

  @Test
  public void errorsBelowTheThresholdKeepTheConnectionOpen() {
    try (TestServer server = start(QUIET.withMaxErrors(3, Duration.ofSeconds(60)));
        TestClient c = server.connect("clumsy")) {
      c.sendText("{not json");
      c.sendText("{not json");
      c.send("type", "ping", "ref", "still");
      assertThat(c.await("pong").path("ref").asText()).isEqualTo("still");
      assertThat(c.isOpen()).isTrue();
    }
  }

  @Test
  public void theRoomsPerConnectionLimitHoldsForJoinsSentWithoutWaiting() {
    try (TestServer server = start(FAST.withMaxRoomsPerConnection(3), QUIET,
        TransportSettings.DEFAULTS);
        TestClient c = server.connect("collector")) {
      for (int i = 0; i < 10; i++) {
        c.send("type", "join", "ref", "j" + i, "room", "room-" + i);
      }
      c.await(f -> "j9".equals(f.path("ref").asText()), Duration.ofSeconds(5));
      List<JsonNode> replies = c.received().stream()
          .filter(f -> f.path("ref").asText().startsWith("j")).toList();
      assertThat(replies.stream().filter(f -> f.path("ok").asBoolean()).count()).isEqualTo(3);
      assertThat(replies.stream().filter(f -> !f.path("ok").asBoolean()))
          .allSatisfy(f -> assertThat(f.path("error").path("code").asText()).isEqualTo("forbidden"));
    }
  }

  @Test
  public void thePerAddressConnectionCapRefusesTheUpgradeWith429() throws Exception {
    try (TestServer server = start(QUIET.withMaxConnectionsPerIp(2))) {
      TestClient a = server.connect("a");
      try (TestClient b = server.connect("b")) {
        assertThatThrownBy(() -> TestClient.connect(server.uri("c")))
            .isInstanceOfSatisfying(TestClient.HandshakeRefused.class,
                e -> assertThat(e.status()).isEqualTo(429));
        a.close();
        assertThat(a.closed().get(5, TimeUnit.SECONDS)).isNotNull();
        // The server counts the closed connection out when its close arrives.
        TestClient again = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (again == null && System.nanoTime() < deadline) {
          try {
            again = server.connect("c");
          } catch (TestClient.HandshakeRefused e) {
            Thread.sleep(20);
          }
        }
        assertThat(again).isNotNull();
        again.close();
      }
    }
  }

  @Test
  public void anOriginNotOnTheAllowlistIsRefusedWith403() throws Exception {
    LimitOptions limits = QUIET.withAllowedOrigins(Set.of("https://app.example.com"));
    try (TestServer server = start(limits)) {
      assertThat(handshakeStatus(server.uri("eve"), "https://evil.example.com")).isEqualTo(403);
      assertThat(handshakeStatus(server.uri("eve"), "https://app.example.com.evil.com"))
          .isEqualTo(403);
      assertThat(handshakeStatus(server.uri("ann"), "https://app.example.com")).isEqualTo(101);
      try (TestClient noOrigin = server.connect("tool")) {
        assertThat(noOrigin.isOpen()).isTrue();
      }
    }
  }

  private static long pongs(TestClient c) {
    return c.received().stream().filter(f -> f.path("type").asText().equals("pong")).count();
  }

  /** Opens a WebSocket with an Origin header: 101 if it opened, else the refusal's HTTP status. */
  private static int handshakeStatus(URI uri, String origin) throws Exception {
    CompletableFuture<WebSocket> opening = HTTP.newWebSocketBuilder()
        .header("Origin", origin)
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new WebSocket.Listener() { });
    try {
      WebSocket ws = opening.get(10, TimeUnit.SECONDS);
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
