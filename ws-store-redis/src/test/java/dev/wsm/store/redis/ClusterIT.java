package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three real nodes (Netty on port 0, one Redis, one key prefix) with real clients spread over them:
 * what a client sees must not depend on which node it is connected to. The tests rely only on the
 * bus, not on whether the stores are shared, so they hold with per-node and with Redis stores.
 */
class ClusterIT {
  private static final Duration NOT_WITHIN = Duration.ofMillis(500);
  private static final RoomId LOBBY = RoomId.of("lobby");

  private Cluster cluster;
  private TestServer a;
  private TestServer b;
  private TestServer c;

  @BeforeEach
  void startThreeNodes() {
    cluster = new Cluster();
    a = cluster.a;
    b = cluster.b;
    c = cluster.c;
  }

  @AfterEach
  void stopEverything() {
    cluster.close();
  }

  private TestClient connect(TestServer node, String user) {
    return cluster.connect(node, user);
  }

  private static void join(TestClient client, RoomId room) {
    assertThat(client.request("type", "join", "room", room.value()).path("ok").asBoolean()).isTrue();
  }

  private static ConnectionId idOf(TestClient client) {
    return ConnectionId.of(client.received().stream()
        .filter(f -> "welcome".equals(f.path("type").asText())).findFirst().orElseThrow()
        .path("connection").asText());
  }

  private static Predicate<JsonNode> frame(String type, String field, String value) {
    return f -> type.equals(f.path("type").asText()) && value.equals(f.path(field).asText());
  }

  private static Predicate<JsonNode> data(String type, String text) {
    return f -> type.equals(f.path("type").asText()) && text.equals(f.path("data").asText());
  }

  @Test
  void aRoomMessageReachesMembersOnEveryNodeAndExcludesHoldEverywhere() {
    TestClient alice = connect(a, "alice");
    TestClient bob = connect(b, "bob");
    TestClient carol = connect(c, "carol");
    TestClient dave = connect(c, "dave");
    for (TestClient client : List.of(alice, bob, carol, dave)) {
      join(client, LOBBY);
    }

    alice.request("type", "publish", "room", "lobby", "data", "hi");

    for (TestClient member : List.of(bob, carol, dave)) {
      member.await(data("message", "hi"));
    }
    assertThat(alice.receives(data("message", "hi"), NOT_WITHIN)).as("the sender").isFalse();

    // From node b's API: not carol (a user on c), not alice's connection (on a).
    b.hub().router().send(Target.room(LOBBY).exceptUsers(Set.of(UserId.of("carol")))
        .exceptConnections(Set.of(idOf(alice))), OutboundMessage.of(Payload.text("few")));

    bob.await(data("message", "few"));
    dave.await(data("message", "few"));
    assertThat(carol.receives(data("message", "few"), NOT_WITHIN)).as("an excluded user").isFalse();
    assertThat(alice.receives(data("message", "few"), NOT_WITHIN)).as("an excluded connection")
        .isFalse();
  }

  @Test
  void ephemeralAndStatePublishesCrossNodesWithTheirClassAndStayOutOfHistory() {
    TestClient alice = connect(a, "alice");
    TestClient bob = connect(b, "bob");
    join(alice, LOBBY);
    join(bob, LOBBY);

    alice.request("type", "publish", "room", "lobby", "delivery", "ephemeral", "data", "cursor");
    alice.request("type", "publish", "room", "lobby", "delivery", "state", "key", "pos:alice",
        "data", "x=3");

    var ephemeral = bob.await(data("message", "cursor"));
    assertThat(ephemeral.path("delivery").asText()).isEqualTo("ephemeral");
    assertThat(ephemeral.has("offset")).isFalse();
    var state = bob.await(data("message", "x=3"));
    assertThat(state.path("delivery").asText()).isEqualTo("state");
    assertThat(state.path("key").asText()).isEqualTo("pos:alice");
    assertThat(bob.request("type", "history", "room", "lobby").path("messages")).isEmpty();
  }

  @Test
  void aBroadcastToEveryoneHonoursItsExcludesOnEveryNode() {
    TestClient alice = connect(a, "alice");
    TestClient bob = connect(b, "bob");
    TestClient carol = connect(c, "carol");

    c.hub().router().send(Target.all().exceptUsers(Set.of(UserId.of("bob"))),
        OutboundMessage.of(Payload.text("notice")));

    alice.await(data("broadcast", "notice"));
    carol.await(data("broadcast", "notice"));
    assertThat(bob.receives(data("broadcast", "notice"), NOT_WITHIN)).isFalse();
  }

  @Test
  void aDirectMessageReachesEveryDeviceOfTheUserWhateverNodeItIsOn() {
    TestClient erinPhone = connect(a, "erin");
    TestClient erinLaptop = connect(b, "erin");
    TestClient frank = connect(c, "frank");

    assertThat(frank.request("type", "direct", "to", "erin", "data", "psst").path("ok").asBoolean())
        .isTrue();

    erinPhone.await(data("direct", "psst"));
    erinLaptop.await(data("direct", "psst"));

    // To one connection on another node: only that device.
    frank.request("type", "direct", "connection", idOf(erinLaptop).value(), "data", "laptop only");
    erinLaptop.await(data("direct", "laptop only"));
    assertThat(erinPhone.receives(data("direct", "laptop only"), NOT_WITHIN)).isFalse();
  }

  @Test
  void joinLeaveTypingAndPresenceReachMembersOnOtherNodes() {
    TestClient alice = connect(a, "alice");
    TestClient carol = connect(c, "carol");
    join(alice, LOBBY);
    join(carol, LOBBY);
    TestClient bob = connect(b, "bob");
    join(bob, LOBBY);

    alice.await(frame("joined", "user", "bob"));
    carol.await(frame("joined", "user", "bob"));

    bob.request("type", "typing", "room", "lobby", "typing", true);
    alice.await(f -> frame("typing", "user", "bob").test(f) && f.path("typing").asBoolean());
    carol.await(f -> frame("typing", "user", "bob").test(f) && f.path("typing").asBoolean());
    assertThat(bob.receives(frame("typing", "user", "bob"), NOT_WITHIN)).as("the typist").isFalse();

    bob.request("type", "presence", "status", "away");
    alice.await(f -> frame("presence", "user", "bob").test(f)
        && "away".equals(f.path("status").asText()));
    carol.await(f -> frame("presence", "user", "bob").test(f)
        && "away".equals(f.path("status").asText()));

    bob.request("type", "leave", "room", "lobby");
    alice.await(frame("left", "user", "bob"));
    carol.await(frame("left", "user", "bob"));
  }

  @Test
  void aPresenceChangeReachesAMemberOfSeveralOfTheUsersRoomsOnceAsOnOneNode() {
    TestClient bob = connect(b, "bob");
    TestClient carol = connect(c, "carol");
    for (String room : List.of("one", "two", "three")) {
      join(bob, RoomId.of(room));
      join(carol, RoomId.of(room));
    }

    bob.request("type", "presence", "status", "away");

    Predicate<JsonNode> bobAway = f -> frame("presence", "user", "bob").test(f)
        && "away".equals(f.path("status").asText());
    carol.await(bobAway);
    assertThat(carol.receives(bobAway, NOT_WITHIN)).as("a second copy").isFalse();
  }

  @Test
  void aKickClosesEveryDeviceOfTheUserOnEveryNode() {
    TestClient erinPhone = connect(a, "erin");
    TestClient erinLaptop = connect(b, "erin");
    TestClient frank = connect(c, "frank");

    int here = a.hub().closeUser(UserId.of("erin"), CloseCodes.KICKED, "bye");

    assertThat(here).isEqualTo(1);
    assertThat(erinPhone.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.KICKED);
    assertThat(erinLaptop.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.KICKED);
    assertThat(frank.closed()).isNotDone();
  }

  @Test
  void aRoomDeletedOnOneNodeIsClosedForItsMembersOnEveryNode() {
    TestClient alice = connect(a, "alice");
    TestClient carol = connect(c, "carol");
    join(alice, LOBBY);
    join(carol, LOBBY);

    assertThat(a.hub().rooms().delete(LOBBY).toCompletableFuture().join()).isTrue();

    alice.await(frame("room_closed", "room", "lobby"));
    carol.await(frame("room_closed", "room", "lobby"));
    assertThat(c.hub().rooms().localConnections(LOBBY)).isEmpty();
    JsonNode refused = carol.request("type", "publish", "room", "lobby", "data", "anyone?");
    assertThat(refused.path("error").path("code").asText()).isEqualTo("forbidden");
  }
}
