package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.core.BackpressureOptions;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Authorizer;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Callbacks callbacks = new Callbacks(HubOptions.DEFAULTS);
  private final InMemoryConnectionPoolTest.RecordingSession session =
      new InMemoryConnectionPoolTest.RecordingSession();
  private final LiveConnection alice = new LiveConnection(ConnectionId.random(),
      Principal.of(UserId.of("alice")), session, Clock.systemUTC());
  private final RequestBackpressure backpressure =
      new RequestBackpressure(new BackpressureOptions(2, 100));
  private final Requests requests = new Requests(
      new AccessChecks(access -> Authorizer.Decision.allow(), callbacks), backpressure);

  @AfterEach
  void stop() {
    callbacks.shutdown(Duration.ofSeconds(1));
  }

  /** What a store says when its bounded queue is full. */
  private static final class OverloadedStore extends StoreException {
    OverloadedStore(String message) {
      super(ErrorCode.UNAVAILABLE, message, null);
    }
  }

  @Test
  void anOverloadedStoreIsAnsweredUnavailableWithoutTheStoresDetails() throws Exception {
    for (int i = 0; i < 3; i++) {
      requests.fail(alice, "r" + i, new CompletionException(
          new OverloadedStore("SQLite store /srv/secret/wsm.db: the write queue is full")));
    }

    assertThat(session.sent).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode reply = JSON.readTree(session.sent.get(i).payload());
      assertThat(reply.path("ref").asText()).isEqualTo("r" + i);
      assertThat(reply.path("error").path("code").asText()).isEqualTo("unavailable");
      assertThat(reply.path("error").path("message").asText())
          .isEqualTo("the server is overloaded; try again later");
    }
  }

  @Test
  void anAnsweredRequestCountsAsWaitingOnTheStoreUntilItsStageCompletes() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    requests.answer(alice, "r1", first, v -> ServerFrames.ok("r1", ServerFrames.Fields.NONE));
    requests.answer(alice, null, second, v -> null);

    assertThat(backpressure.pending()).isEqualTo(2);
    assertThat(session.readsSuspended).as("alice is at her limit of 2").isTrue();

    first.complete("done");
    second.completeExceptionally(new StoreException("disk on fire"));
    assertThat(backpressure.pending()).isZero();
    assertThat(session.readsSuspended).isFalse();
    assertThat(session.sent).hasSize(2);
    assertThat(JSON.readTree(session.sent.get(0).payload()).path("ok").asBoolean()).isTrue();
  }

  @Test
  void anyOtherStoreFailureIsAnsweredInternal() throws Exception {
    requests.fail(alice, "r", new StoreException("disk on fire"));

    JsonNode reply = JSON.readTree(session.sent.get(0).payload());
    assertThat(reply.path("error").path("code").asText()).isEqualTo("internal");
    assertThat(reply.toString()).doesNotContain("disk");
  }
}
