package dev.wsm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WsmClientOptionsTest {
  private static final WsmClientOptions D = WsmClientOptions.DEFAULTS;

  @Test
  void defaultsArePinned() {
    assertThat(D).isEqualTo(new WsmClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(10),
        Backoff.DEFAULTS, true, 10_000, 1_000, 10_000, 64 * 1024 * 1024));
    assertThat(WsmClientOptions.class.getRecordComponents()).as("every option is pinned above")
        .hasSize(8);
  }

  @Test
  void withersChangeOnlyTheirOwnValue() {
    assertThat(D.withRequestTimeout(Duration.ofSeconds(1)).requestTimeout())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(D.withConnectTimeout(Duration.ofSeconds(2)).connectTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(D.withBackoff(Backoff.DEFAULTS.withMaxAttempts(2)).backoff().maxAttempts())
        .isEqualTo(2);
    assertThat(D.withAutoResume(false).autoResume()).isFalse();
    assertThat(D.withMaxPendingRequests(5).maxPendingRequests()).isEqualTo(5);
    assertThat(D.withMaxQueuedRequests(0).maxQueuedRequests()).isZero();
    assertThat(D.withEventQueueCapacity(3).eventQueueCapacity()).isEqualTo(3);
    assertThat(D.withMaxIncomingMessageSize(4096).maxIncomingMessageSize()).isEqualTo(4096);
    assertThat(D.withAutoResume(false).withAutoResume(true)).isEqualTo(D);
  }

  @Test
  void invalidOptionsAreRefusedWithTheRuleThatWasBroken() {
    assertThatIllegalArgumentException().isThrownBy(() -> D.withRequestTimeout(Duration.ZERO))
        .withMessage("requestTimeout must be from 1 ms to 1 hour (was PT0S)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withRequestTimeout(null))
        .withMessage("requestTimeout must be from 1 ms to 1 hour (was null)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withConnectTimeout(Duration.ofDays(1)))
        .withMessage("connectTimeout must be from 1 ms to 1 hour (was PT24H)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withBackoff(null))
        .withMessage("backoff must not be null");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMaxPendingRequests(0))
        .withMessage("maxPendingRequests must be at least 1 (was 0)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMaxQueuedRequests(-1))
        .withMessage("maxQueuedRequests must be at least 0 (was -1)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withEventQueueCapacity(0))
        .withMessage("eventQueueCapacity must be at least 1 (was 0)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMaxIncomingMessageSize(10))
        .withMessage("maxIncomingMessageSize must be at least 1024 (was 10)");
  }

  @Test
  void theBuilderRefusesWhatCouldNeverConnect() {
    assertThatIllegalArgumentException().isThrownBy(() -> WsmClient.builder(null))
        .withMessage("uri must not be null");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WsmClient.builder(URI.create("http://localhost:8080/ws")))
        .withMessage("uri must start with ws:// or wss:// (was http://…)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WsmClient.builder(URI.create("ws:relative")))
        .withMessageStartingWith("uri must name a host");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WsmClient.builder(URI.create("ws://localhost/ws#top")))
        .withMessage("uri must not have a fragment (#…)");

    WsmClient.Builder builder = WsmClient.builder(URI.create("wss://example.com/ws"));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.user(""))
        .withMessage("user must be 1 to 128 characters");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.user("x".repeat(129)))
        .withMessage("user must be 1 to 128 characters");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.user("a\nb"))
        .withMessage("user must not contain control characters");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.bearerToken(" "))
        .withMessage("bearerToken must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.bearerToken("abc\r\nX-Evil: 1"))
        .withMessage("bearerToken must be printable ASCII (it travels in an HTTP header)");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.requestTimeout(Duration.ZERO))
        .withMessage("requestTimeout must be from 1 ms to 1 hour (was PT0S)");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.options(null))
        .withMessage("options must not be null");
  }

  @Test
  void aBuiltClientIsNewAndRefusesRequestsUntilConnected() {
    WsmClient client = WsmClient.builder(URI.create("ws://127.0.0.1:1/ws")).user("alice").build();
    assertThat(client.state()).isEqualTo(ClientState.NEW);
    assertThat(client.welcome()).isEmpty();
    assertThat(client.join("lobby")).failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(WsmClientException.class)
        .extracting(e -> ((WsmClientException) e).code())
        .isEqualTo(WsmClientException.NOT_CONNECTED);
    client.close();
    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
    assertThat(client.connect()).failsWithin(Duration.ofSeconds(1));
  }

  @Test
  void typedRequestsRefuseMissingArgumentsAtOnce() {
    WsmClient client = WsmClient.builder(URI.create("ws://127.0.0.1:1/ws")).build();
    assertThatIllegalArgumentException().isThrownBy(() -> client.join(""))
        .withMessage("room must be a non-empty string");
    assertThatIllegalArgumentException().isThrownBy(() -> client.presence(null, null))
        .withMessage("presence needs a status, a meta object or both");
    assertThatIllegalArgumentException().isThrownBy(() -> client.request("ping", null))
        .withMessage("'ping' cannot be sent with request(): "
            + "the server answers it with pong, not a reply");
    assertThatIllegalArgumentException().isThrownBy(() -> client.request("join", null))
        .withMessage("'join' cannot be sent with request(): use the client's method of that name");
    client.close();
  }

  @Test
  void historyRequestsAreValidatedLikeTheServerDoes() {
    HistoryRequest d = HistoryRequest.DEFAULTS;
    assertThat(d).isEqualTo(new HistoryRequest(0, 0, null, null, null, 50, HistoryRequest.Order.OLDEST));
    assertThat(HistoryRequest.after(5).withBefore(9).withLimit(2)
        .withOrder(HistoryRequest.Order.NEWEST))
        .isEqualTo(new HistoryRequest(5, 9, null, null, null, 2, HistoryRequest.Order.NEWEST));
    assertThatIllegalArgumentException().isThrownBy(() -> d.withAfter(-1))
        .withMessage("after must not be negative (was -1)");
    assertThatIllegalArgumentException().isThrownBy(() -> HistoryRequest.after(5).withBefore(6))
        .withMessage("before must be greater than after + 1 (after 5, before 6)");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withLimit(1001))
        .withMessage("limit must be 1 to 1,000 (was 1001)");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withSince(now).withUntil(now))
        .withMessage("until must be after since");
    assertThatIllegalArgumentException().isThrownBy(() -> d.withOrder(null))
        .withMessage("order must not be null");
  }
}
