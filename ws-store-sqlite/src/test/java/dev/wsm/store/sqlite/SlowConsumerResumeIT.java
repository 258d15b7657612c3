package dev.wsm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.Delivery;
import dev.wsm.core.HubOptions;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.testkit.RawWebSocket;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading is closed as a slow consumer; when it comes back, resume gives it
 * every room message it missed, even when they are many times its outbound queue (the recovery is
 * paced by the queue).
 */
class SlowConsumerResumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long QUEUE = 64 * 1024;

  @TempDir
  Path dir;

  @Test
  void aSlowConsumerIsClosedAndResumesEveryMessageItMissedThroughASmallQueue() throws Exception {
    try (TestServer server = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0).withMaxQueuedBytes(QUEUE)),
        new SqliteStoreModule(SqliteOptions.at(dir.resolve("wsm.db"))));
        TestClient reader = server.connect("reader");
        RawWebSocket stalled = RawWebSocket.connect(server.uri("stalled"))) {
      String session = JSON.readTree(stalled.read(Duration.ofSeconds(10)).text())
          .path("session").asText();
      stalled.sendText("{\"type\":\"join\",\"ref\":\"j\",\"room\":\"feed\"}");
      JsonNode joined = JSON.readTree(stalled.read(Duration.ofSeconds(10)).text());
      String epoch = joined.path("stream").path("epoch").asText();
      reader.request("type", "join", "room", "feed");

      // 1 KiB messages until the stalled client's queue overflows; it never reads again.
      RoomId feed = RoomId.of("feed");
      var payload = Payload.json(JsonNodeFactory.instance.textNode("x".repeat(1024)));
      long published = 0;
      boolean dropped = false;
      while (!dropped && published < 9_000) {
        Delivery d = server.hub().router().toRoom(feed, OutboundMessage.of(payload))
            .toCompletableFuture().get();
        published++;
        dropped = !d.dropped().isEmpty();
      }
      assertThat(dropped).as("the stalled client overflowed its queue").isTrue();
      for (int i = 0; i < 500; i++) { // and the room goes on after it
        server.hub().router().toRoom(feed, OutboundMessage.of(payload)).toCompletableFuture().get();
        published++;
      }
      assertThat(published).as("the gap is many times the queue").isGreaterThan(4 * QUEUE / 1024);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!server.hub().connections().byUser(UserId.of("stalled")).isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.hub().connections().byUser(UserId.of("stalled"))).as("closed").isEmpty();

      try (TestClient back = server.connect("stalled")) {
        ObjectNode resume = JsonNodeFactory.instance.objectNode();
        resume.put("type", "resume").put("ref", "again").put("session", session);
        resume.putArray("rooms").addObject().put("room", "feed").put("offset", 0)
            .put("epoch", epoch);
        back.sendText(resume.toString());
        JsonNode recovered = back.await(f -> "recovered".equals(f.path("type").asText()),
            Duration.ofSeconds(60));
        assertThat(recovered.path("recovered").asBoolean()).as(recovered.toString()).isTrue();
        assertThat(recovered.path("missed").asLong()).isEqualTo(published);
        List<Long> offsets = new ArrayList<>();
        for (JsonNode f : back.received()) {
          if ("message".equals(f.path("type").asText())) {
            offsets.add(f.path("offset").asLong());
          }
        }
        List<Long> expected = new ArrayList<>();
        for (long o = 1; o <= published; o++) {
          expected.add(o);
        }
        assertThat(offsets).as("every missed message once, in order").isEqualTo(expected);
        assertThat(back.isOpen()).as("not closed as a slow consumer while recovering").isTrue();
      }
      assertThat(reader.isOpen()).isTrue();
    }
    assertThat(CloseCodes.SLOW_CONSUMER).isEqualTo(4001);
  }
}
