package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsm.core.Delivery;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rooms over a real transport: publish order and offsets, server broadcasts with excludes, joined and
 * left once per user, private rooms, member limits, TTL expiry, auto-creation off, history, and offset
 * order under concurrent publishers.
 */
public abstract class RoomsContract extends TransportContract {
  private static final Duration QUIET = Duration.ofMillis(300);

  private static boolean isMessage(JsonNode f) {
    return "message".equals(f.path("type").asText());
  }

  @Test
  public void aPublishReachesEveryOtherMemberInOffsetOrder() {
    try (TestServer server = start();
        TestClient alice = server.connect("alice");
        TestClient bob = server.connect("bob");
        TestClient outsider = server.connect("eve")) {
      alice.request("type", "join", "room", "general");
      bob.request("type", "join", "room", "general");
      JsonNode first = alice.request("type", "publish", "room", "general", "data", java.util.Map.of("n", 1));
      JsonNode second = alice.request("type", "publish", "room", "general", "data", java.util.Map.of("n", 2));
      assertThat(first.path("ok").asBoolean()).isTrue();
      assertThat(second.path("offset").asLong()).isGreaterThan(first.path("offset").asLong());
      JsonNode m1 = bob.await(RoomsContract::isMessage);
      JsonNode m2 = bob.await(RoomsContract::isMessage);
      assertThat(m1.path("data").path("n").asInt()).isEqualTo(1);
      assertThat(m1.path("from").asText()).isEqualTo("alice");
      assertThat(m1.path("room").asText()).isEqualTo("general");
      assertThat(m1.path("id").asText()).isEqualTo(first.path("id").asText());
      assertThat(m2.path("offset").asLong()).isEqualTo(second.path("offset").asLong());
      assertThat(alice.receives(RoomsContract::isMessage, QUIET)).as("no echo by default").isFalse();
      assertThat(outsider.receives(RoomsContract::isMessage, QUIET)).isFalse();
    }
  }

  @Test
  public void aServerBroadcastToARoomSkipsTheExcludedConnectionsAndUsers() throws Exception {
    try (TestServer server = start();
        TestClient a = server.connect("a");
        TestClient b1 = server.connect("b");
        TestClient b2 = server.connect("b");
        TestClient c = server.connect("c");
        TestClient d = server.connect("d")) {
      for (TestClient client : new TestClient[] {a, b1, b2, c, d}) {
        client.request("type", "join", "room", "news");
      }
      var aId = server.hub().connections().byUser(UserId.of("a")).get(0).id();
      Target target = Target.room(RoomId.of("news"))
          .exceptConnections(Set.of(aId))
          .exceptUsers(Set.of(UserId.of("b")));
      Delivery delivery = server.hub().router()
          .send(target, OutboundMessage.of(Payload.json(JsonNodeFactory.instance.objectNode().put("x", 1)))
              .withEvent("headline"))
          .toCompletableFuture().get();
      assertThat(delivery.recipients()).isEqualTo(2);
      assertThat(delivery.delivered()).isEqualTo(2);
      assertThat(delivery.offset()).isPresent();
      for (TestClient got : new TestClient[] {c, d}) {
        JsonNode m = got.await(RoomsContract::isMessage);
        assertThat(m.path("event").asText()).isEqualTo("headline");
        assertThat(m.has("from")).isFalse();
      }
      for (TestClient skipped : new TestClient[] {a, b1, b2}) {
        assertThat(skipped.receives(RoomsContract::isMessage, QUIET)).isFalse();
      }
    }
  }

  @Test
  public void joinedAndLeftAreSentOncePerUserNotPerDevice() {
    try (TestServer server = start(); TestClient watcher = server.connect("watcher")) {
      watcher.request("type", "join", "room", "r");
      TestClient phone = server.connect("dana");
      phone.request("type", "join", "room", "r");
      assertThat(watcher.await("joined").path("user").asText()).isEqualTo("dana");
      TestClient laptop = server.connect("dana");
      laptop.request("type", "join", "room", "r");
      assertThat(watcher.receives(f -> "joined".equals(f.path("type").asText()), QUIET)).isFalse();
      laptop.close();
      assertThat(watcher.receives(f -> "left".equals(f.path("type").asText()), QUIET)).isFalse();
      phone.close();
      assertThat(watcher.await("left").path("user").asText()).isEqualTo("dana");
    }
  }

  @Test
  public void aPrivateRoomAdmitsOnlyTheRightPassword() throws Exception {
    try (TestServer server = start(); TestClient c = server.connect("alice")) {
      server.hub().rooms().create(RoomId.of("vault"), RoomOptions.DEFAULTS.withPassword("s3cret")
          .withTopic("secrets")).toCompletableFuture().get();
      assertThat(c.request("type", "join", "room", "vault").path("error").path("code").asText())
          .isEqualTo("wrong_password");
      assertThat(c.request("type", "join", "room", "vault", "password", "guess")
          .path("error").path("code").asText()).isEqualTo("wrong_password");
      JsonNode ok = c.request("type", "join", "room", "vault", "password", "s3cret");
      assertThat(ok.path("ok").asBoolean()).isTrue();
      assertThat(ok.path("room").path("private").asBoolean()).isTrue();
      assertThat(ok.path("room").path("topic").asText()).isEqualTo("secrets");
      assertThat(ok.toString()).doesNotContain("s3cret");
    }
  }

  @Test
  public void aRoomAtItsMemberLimitRefusesANewUserButNotAnotherDeviceOfAMember() throws Exception {
    try (TestServer server = start();
        TestClient a = server.connect("a");
        TestClient b = server.connect("b");
        TestClient a2 = server.connect("a");
        TestClient c = server.connect("c")) {
      server.hub().rooms().create(RoomId.of("duo"), RoomOptions.DEFAULTS.withMemberLimit(2))
          .toCompletableFuture().get();
      assertThat(a.request("type", "join", "room", "duo").path("ok").asBoolean()).isTrue();
      assertThat(b.request("type", "join", "room", "duo").path("ok").asBoolean()).isTrue();
      assertThat(a2.request("type", "join", "room", "duo").path("ok").asBoolean()).isTrue();
      assertThat(c.request("type", "join", "room", "duo").path("error").path("code").asText())
          .isEqualTo("room_full");
      b.request("type", "leave", "room", "duo");
      assertThat(c.request("type", "join", "room", "duo").path("ok").asBoolean()).isTrue();
    }
  }

  @Test
  public void aRoomPastItsTtlIsRemovedAndItsMembersAreTold() throws Exception {
    try (TestServer server = start(); TestClient a = server.connect("a")) {
      server.hub().rooms().create(RoomId.of("flash"), RoomOptions.DEFAULTS.withTtl(Duration.ofMillis(300)))
          .toCompletableFuture().get();
      a.request("type", "join", "room", "flash");
      JsonNode closed = a.await(f -> "room_closed".equals(f.path("type").asText()), Duration.ofSeconds(5));
      assertThat(closed.path("room").asText()).isEqualTo("flash");
      assertThat(closed.path("reason").asText()).isEqualTo("expired");
      assertThat(server.hub().rooms().find(RoomId.of("flash")).toCompletableFuture().get()).isEmpty();
      assertThat(a.request("type", "publish", "room", "flash", "data", 1)
          .path("error").path("code").asText()).isEqualTo("forbidden");
    }
  }

  @Test
  public void withAutoCreationOffJoiningAnUnknownRoomIsNotFound() {
    try (TestServer server = start(FAST.withAutoCreateRooms(false));
        TestClient a = server.connect("a")) {
      assertThat(a.request("type", "join", "room", "nowhere").path("error").path("code").asText())
          .isEqualTo("not_found");
    }
  }

  @Test
  public void historyReturnsTheRoomsMessagesWithTheirOffsets() {
    try (TestServer server = start(); TestClient a = server.connect("a")) {
      a.request("type", "join", "room", "log");
      for (int i = 1; i <= 5; i++) {
        a.request("type", "publish", "room", "log", "data", i);
      }
      JsonNode page = a.request("type", "history", "room", "log", "after", 2, "limit", 2);
      assertThat(page.path("messages")).hasSize(2);
      assertThat(page.path("messages").get(0).path("offset").asLong()).isEqualTo(3);
      assertThat(page.path("messages").get(1).path("data").asInt()).isEqualTo(4);
      assertThat(page.path("lastOffset").asLong()).isEqualTo(5);
      assertThat(page.path("epoch").asText()).isNotEmpty();
    }
  }

  @Test
  public void withConcurrentPublishersEveryMemberReceivesTheRoomsMessagesInOffsetOrder() throws Exception {
    int perPublisher = 300;
    try (TestServer server = start();
        TestClient reader = server.connect("reader");
        TestClient p1 = server.connect("p1");
        TestClient p2 = server.connect("p2");
        TestClient p3 = server.connect("p3")) {
      reader.request("type", "join", "room", "busy");
      TestClient[] publishers = {p1, p2, p3};
      for (TestClient p : publishers) {
        p.request("type", "join", "room", "busy");
      }
      Thread[] threads = new Thread[publishers.length];
      for (int t = 0; t < publishers.length; t++) {
        TestClient p = publishers[t];
        threads[t] = new Thread(() -> {
          for (int i = 0; i < perPublisher; i++) {
            p.send("type", "publish", "room", "busy", "data", i);
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      long last = 0;
      for (int i = 0; i < perPublisher * publishers.length; i++) {
        long offset = reader.await(RoomsContract::isMessage).path("offset").asLong();
        assertThat(offset).as("message %d arrives after offset %d", i, last).isEqualTo(last + 1);
        last = offset;
      }
    }
  }

  @Test
  public void aRoomAboveTheMembershipEventLimitSendsNoJoinedOrLeft() {
    try (TestServer server = start(FAST.withMembershipEventsMaxMembers(2));
        TestClient watcher = server.connect("watcher");
        TestClient second = server.connect("second")) {
      watcher.request("type", "join", "room", "crowd");
      second.request("type", "join", "room", "crowd");
      assertThat(watcher.await("joined").path("user").asText()).isEqualTo("second");
      try (TestClient third = server.connect("third")) {
        third.request("type", "join", "room", "crowd");
        assertThat(watcher.receives(f -> "joined".equals(f.path("type").asText()), QUIET))
            .as("three members exceed the limit of two").isFalse();
      }
      assertThat(watcher.receives(f -> "left".equals(f.path("type").asText()), QUIET)).isFalse();
      second.close();
      assertThat(watcher.await("left").path("user").asText())
          .as("back at two members, events resume").isEqualTo("second");
    }
  }
}
