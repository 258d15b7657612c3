package dev.wsm.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.inject.Guice;
import dev.wsm.core.Connection;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.HubListener;
import dev.wsm.core.HubOptions;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.testkit.TestClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The README's embedding example, run as written (but on a free port). */
class ReadmeEmbeddingIT {

  @Test
  void theReadmeEmbeddingExampleWorksAsDocumented() throws Exception {
    Hub hub = Guice.createInjector(
            new CoreModule(HubOptions.DEFAULTS.withPasswordIterations(1000)),
            new JavaWebSocketTransportModule(JavaWebSocketOptions.DEFAULTS.withPort(0)))
        .getInstance(Hub.class);
    hub.addListener(new HubListener() {
      @Override public void onJoin(Connection c, RoomId room) {
        hub.router().toUser(c.user(), OutboundMessage.of(Payload.text("welcome to " + room)));
      }
    });
    hub.handle("echo", (conn, data) -> CompletableFuture.completedFuture(data));
    hub.start();
    try {
      hub.rooms().create(RoomId.of("staff"), RoomOptions.DEFAULTS.withPassword("s3cret"))
          .toCompletableFuture().get();
      try (TestClient c = TestClient.connectWelcomed(URI.create(hub.url() + "?user=ann"))) {
        assertThat(c.request("type", "join", "room", "staff", "password", "s3cret")
            .path("ok").asBoolean()).isTrue();
        assertThat(c.await("direct").path("data").asText()).isEqualTo("welcome to staff");
        hub.router().toRoom(RoomId.of("staff"), OutboundMessage.of(Payload.json(TextNode.valueOf("up"))));
        JsonNode m = c.await("message");
        assertThat(m.path("data").asText()).isEqualTo("up");
        assertThat(c.request("type", "echo", "data", "ping").path("data").asText()).isEqualTo("ping");
      }
    } finally {
      hub.shutdown(Duration.ofSeconds(2));
    }
  }
}
