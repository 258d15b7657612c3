package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsm.core.Delivery;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.testkit.RawWebSocket;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Backpressure over a real transport: a client that stops reading is closed once its outbound queue
 * passes {@link TransportSettings#maxQueuedBytes()}, reported dropped, while other clients keep
 * receiving.
 */
public abstract class SlowConsumerContract extends TransportContract {

  @Test
  public void aClientThatStopsReadingIsClosedWhileOthersKeepReceiving() throws Exception {
    TransportSettings transport = TransportSettings.DEFAULTS.withMaxQueuedBytes(256 * 1024);
    try (TestServer server = start(FAST, transport);
        TestClient reader = server.connect("reader");
        RawWebSocket stalled = RawWebSocket.connect(server.uri("stalled"))) {
      reader.request("type", "join", "room", "feed");
      stalled.sendText("{\"type\":\"join\",\"room\":\"feed\"}");
      RoomId feed = RoomId.of("feed");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.hub().rooms().localConnections(feed).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.hub().rooms().localConnections(feed)).hasSize(2);

      var payload = Payload.json(JsonNodeFactory.instance.textNode("x".repeat(8 * 1024)));
      Set<String> dropped = new HashSet<>();
      int sent = 0;
      // The stalled client never reads: its TCP buffers fill, then its outbound queue.
      while (dropped.isEmpty() && sent < 20_000) {
        Delivery d = server.hub().router().toRoom(feed, OutboundMessage.of(payload))
            .toCompletableFuture().get();
        d.dropped().forEach(id -> dropped.add(id.value()));
        sent++;
        if (sent % 8 == 0) {
          // 64 KiB per 2 ms: a healthy reader keeps up; the stalled one's buffers fill regardless.
          Thread.sleep(2);
        }
      }
      String stalledId = server.hub().connections().byUser(UserId.of("stalled")).isEmpty()
          ? null : server.hub().connections().byUser(UserId.of("stalled")).get(0).id().value();
      assertThat(dropped).as("the stalled connection was reported dropped").hasSize(1);
      if (stalledId != null) {
        assertThat(dropped).containsExactly(stalledId);
      }
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!server.hub().connections().byUser(UserId.of("stalled")).isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.hub().connections().byUser(UserId.of("stalled"))).as("closed").isEmpty();
      assertThat(reader.isOpen()).isTrue();
      reader.send("type", "ping", "ref", "still-alive");
      assertThat(reader.await("pong").path("ref").asText()).isEqualTo("still-alive");
      assertThat(server.hub().connections().byUser(UserId.of("reader"))).hasSize(1);
    }
  }
}
