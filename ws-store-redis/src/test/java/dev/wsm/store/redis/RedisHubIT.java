package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real hubs (Netty, real sockets) on a real Redis; two hubs on the same keys are two nodes. */
class RedisHubIT {
  private final RedisTestServer redis = RedisTestServer.shared();
  private final RedisOptions options = redis.options();

  @AfterEach
  void deleteKeys() {
    redis.deleteKeys(options.keyPrefix());
  }

  private TestServer start() {
    return TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new RedisStoreModule(options));
  }

  @Test
  void joinPublishAndHistoryOverTheWireHonourOffsetAndTimeBounds() throws Exception {
    try (TestServer server = start();
        TestClient alice = server.connect("alice")) {
      assertThat(alice.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
      List<Instant> sentAt = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        JsonNode reply = alice.request("type", "publish", "room", "log", "data", "m" + i);
        assertThat(reply.path("offset").asLong()).isEqualTo(i);
        sentAt.add(Instant.now());
        Thread.sleep(15); // timestamps apart, so a time window can split them
      }

      assertThat(offsets(alice.request("type", "history", "room", "log", "after", 1, "before", 5)))
          .containsExactly(2L, 3L, 4L);
      assertThat(offsets(alice.request("type", "history", "room", "log", "after", 1, "before", 5,
          "order", "newest", "limit", 2))).containsExactly(4L, 3L);
      assertThat(offsets(alice.request("type", "history", "room", "log",
          "since", sentAt.get(2).toString(), "until", sentAt.get(4).toString())))
          .containsExactly(4L, 5L);
      JsonNode page = alice.request("type", "history", "room", "log", "limit", 1);
      assertThat(page.path("messages").get(0).path("data").asText()).isEqualTo("m1");
    }
  }

  @Test
  void twoNodesShareRoomsPasswordsMemberLimitsAndHistory() throws Exception {
    try (TestServer nodeA = start();
        TestServer nodeB = start();
        TestClient alice = nodeA.connect("alice");
        TestClient bob = nodeB.connect("bob");
        TestClient carol = nodeB.connect("carol")) {
      nodeA.hub().rooms().create(RoomId.of("vip"),
          RoomOptions.DEFAULTS.withMemberLimit(1).withPassword("s3cret"))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      nodeA.hub().rooms().create(RoomId.of("log"), RoomOptions.DEFAULTS)
          .toCompletableFuture().get(5, TimeUnit.SECONDS);

      assertThat(alice.request("type", "join", "room", "vip", "password", "s3cret")
          .path("ok").asBoolean()).isTrue();
      assertThat(errorCode(bob.request("type", "join", "room", "vip", "password", "wrong")))
          .as("the password set on node A holds on node B").isEqualTo("wrong_password");
      assertThat(errorCode(bob.request("type", "join", "room", "vip", "password", "s3cret")))
          .as("the member limit counts alice, who joined on node A").isEqualTo("room_full");

      JsonNode joined = alice.request("type", "join", "room", "log");
      String epoch = joined.path("stream").path("epoch").asText();
      for (int i = 1; i <= 3; i++) {
        alice.request("type", "publish", "room", "log", "data", "a" + i);
      }
      JsonNode carolJoined = carol.request("type", "join", "room", "log");
      assertThat(carolJoined.path("stream").path("epoch").asText()).isEqualTo(epoch);
      assertThat(carolJoined.path("stream").path("offset").asLong()).isEqualTo(3);
      JsonNode published = carol.request("type", "publish", "room", "log", "data", "c1");
      assertThat(published.path("offset").asLong()).as("offsets are the room's, on any node")
          .isEqualTo(4);

      JsonNode page = alice.request("type", "history", "room", "log");
      assertThat(offsets(page)).containsExactly(1L, 2L, 3L, 4L);
      assertThat(page.path("epoch").asText()).isEqualTo(epoch);
    }
  }

  @Test
  void aRestartedNodeFindsItsRoomsHistoryAndEpochInRedis() {
    String epoch;
    try (TestServer first = start();
        TestClient alice = first.connect("alice")) {
      first.hub().rooms().create(RoomId.of("log"), RoomOptions.DEFAULTS.withTopic("kept"))
          .toCompletableFuture().join();
      epoch = alice.request("type", "join", "room", "log").path("stream").path("epoch").asText();
      for (int i = 1; i <= 3; i++) {
        alice.request("type", "publish", "room", "log", "data", "m" + i);
      }
    }
    try (TestServer second = start();
        TestClient bob = second.connect("bob")) {
      JsonNode joined = bob.request("type", "join", "room", "log");
      assertThat(joined.path("room").path("topic").asText()).isEqualTo("kept");
      JsonNode page = bob.request("type", "history", "room", "log");
      assertThat(offsets(page)).containsExactly(1L, 2L, 3L);
      assertThat(page.path("epoch").asText()).isEqualTo(epoch);
    }
  }

  @Test
  void aClientThatReconnectsResumesWithEveryMissedMessageOnceAndInOrder() throws Exception {
    try (TestServer server = start();
        TestClient alice = server.connect("alice")) {
      alice.request("type", "join", "room", "feed");
      TestClient bob = server.connect("bob");
      JsonNode joined = bob.request("type", "join", "room", "feed");
      String epoch = joined.path("stream").path("epoch").asText();
      String session = bob.received().stream()
          .filter(f -> "welcome".equals(f.path("type").asText()))
          .findFirst().orElseThrow().path("session").asText();
      for (int i = 1; i <= 20; i++) {
        alice.request("type", "publish", "room", "feed", "data", i);
      }
      bob.await(f -> f.path("offset").asLong() == 20 && "message".equals(f.path("type").asText()));
      bob.abort();
      for (int i = 21; i <= 50; i++) {
        alice.request("type", "publish", "room", "feed", "data", i);
      }

      try (TestClient bob2 = server.connect("bob")) {
        bob2.sendText(resume(session, "feed", 20, epoch).toString());
        JsonNode recovered = bob2.await("recovered");
        assertThat(recovered.path("recovered").asBoolean()).isTrue();
        assertThat(recovered.path("epoch").asText()).isEqualTo(epoch);
        assertThat(recovered.path("missed").asLong()).isEqualTo(30);
        alice.request("type", "publish", "room", "feed", "data", 51);
        bob2.await(f -> f.path("offset").asLong() == 51);

        List<Long> got = new ArrayList<>();
        for (JsonNode f : bob2.received()) {
          if ("message".equals(f.path("type").asText())) {
            got.add(f.path("offset").asLong());
          }
        }
        List<Long> expected = new ArrayList<>();
        for (long o = 21; o <= 51; o++) {
          expected.add(o);
        }
        assertThat(got).isEqualTo(expected);
      }
    }
  }

  @Test
  void aDirectMessageToAnOfflineUserWaitsInTheRedisInboxUntilTheyConnect() {
    try (TestServer server = start();
        TestClient alice = server.connect("alice")) {
      JsonNode sent = alice.request("type", "direct", "to", "zed", "data", "later");
      assertThat(sent.path("queued").asBoolean()).isTrue();
      try (TestServer other = start();
          TestClient zed = other.connect("zed")) {
        assertThat(zed.await("direct").path("data").asText())
            .as("delivered from the shared inbox by another node").isEqualTo("later");
      }
    }
  }

  private static ObjectNode resume(String session, String room, long offset, String epoch) {
    ObjectNode frame = JsonNodeFactory.instance.objectNode();
    frame.put("type", "resume").put("ref", "resume-1").put("session", session);
    frame.putArray("rooms").addObject().put("room", room).put("offset", offset)
        .put("epoch", epoch);
    return frame;
  }

  private static String errorCode(JsonNode reply) {
    assertThat(reply.path("ok").asBoolean()).as(reply.toString()).isFalse();
    return reply.path("error").path("code").asText();
  }

  private static List<Long> offsets(JsonNode page) {
    assertThat(page.path("ok").asBoolean()).as(page.toString()).isTrue();
    List<Long> offsets = new ArrayList<>();
    page.path("messages").forEach(m -> offsets.add(m.path("offset").asLong()));
    return offsets;
  }
}
