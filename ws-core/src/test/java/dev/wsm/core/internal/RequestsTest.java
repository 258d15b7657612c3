package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.Authorizer;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
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
  private final Requests requests =
      new Requests(new AccessChecks(access -> Authorizer.Decision.allow(), callbacks));

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
  void anyOtherStoreFailureIsAnsweredInternal() throws Exception {
    requests.fail(alice, "r", new StoreException("disk on fire"));

    JsonNode reply = JSON.readTree(session.sent.get(0).payload());
    assertThat(reply.path("error").path("code").asText()).isEqualTo("internal");
    assertThat(reply.toString()).doesNotContain("disk");
  }
}
