package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence over a real transport: status aggregated over devices and sent to the user's rooms, offline
 * with last seen after the last device closes, typing with auto-expiry, room member lists.
 */
public abstract class PresenceContract extends TransportContract {
  private static final Duration QUIET = Duration.ofMillis(300);

  @Test
  public void aStatusChangeIsSentToTheRoomsOfTheUserAggregatedOverDevices() throws Exception {
    try (TestServer server = start();
        TestClient watcher = server.connect("watcher");
        TestClient phone = server.connect("ann");
        TestClient desk = server.connect("ann")) {
      watcher.request("type", "join", "room", "team");
      phone.request("type", "join", "room", "team");
      JsonNode reply = phone.request("type", "presence", "status", "away", "meta", Map.of("mood", "lunch"));
      assertThat(reply.path("status").asText()).as("desk is still online").isEqualTo("online");
      JsonNode event = watcher.await("presence");
      assertThat(event.path("user").asText()).isEqualTo("ann");
      assertThat(event.path("meta").path("mood").asText()).isEqualTo("lunch");
      desk.request("type", "presence", "status", "busy");
      JsonNode busy = watcher.await(f -> "presence".equals(f.path("type").asText())
          && "busy".equals(f.path("status").asText()));
      assertThat(busy.path("devices").asInt()).isEqualTo(2);
      assertThat(server.hub().presence().presence(UserId.of("ann")).toCompletableFuture().get().status())
          .isEqualTo(PresenceStatus.BUSY);
    }
  }

  @Test
  public void aDeviceBackWithinTheGraceCausesNoPresenceFrameButADeviceGoneForGoodDoes()
      throws Exception {
    try (TestServer server = start();
        TestClient watcher = server.connect("watcher");
        TestClient desk = server.connect("bea")) {
      watcher.request("type", "join", "room", "team");
      TestClient phone = server.connect("ann");
      phone.request("type", "join", "room", "team");
      desk.request("type", "join", "room", "team");
      watcher.await(f -> "joined".equals(f.path("type").asText())
          && "bea".equals(f.path("user").asText()));

      phone.abort(); // dropped without a close frame: ann keeps her place for the grace
      // The server learns of the drop asynchronously; a new device registered before it does is a
      // second device (2, then 1 after the grace), not a device back within the grace.
      awaitNoConnectionOf(server, "ann");
      try (TestClient phoneAgain = server.connect("ann")) {
        phoneAgain.request("type", "join", "room", "team");
        TestClient laptop = server.connect("bea"); // bea now has two devices
        watcher.await(f -> "presence".equals(f.path("type").asText())
            && "bea".equals(f.path("user").asText()) && f.path("devices").asInt() == 2);
        laptop.abort(); // and loses one for good

        // After the grace: bea's count went from 2 to 1 and is announced; ann's is 1, as before.
        watcher.await(f -> "presence".equals(f.path("type").asText())
            && "bea".equals(f.path("user").asText()) && f.path("devices").asInt() == 1,
            PRESENCE_GRACE.multipliedBy(10));
        Thread.sleep(PRESENCE_GRACE.multipliedBy(2).toMillis());
        assertThat(watcher.received()).as("no presence frame for ann")
            .noneMatch(f -> "presence".equals(f.path("type").asText())
                && "ann".equals(f.path("user").asText()));
        assertThat(server.hub().presence().presence(UserId.of("ann")).toCompletableFuture().get()
            .devices()).isEqualTo(1);
      }
    }
  }

  private static void awaitNoConnectionOf(TestServer server, String user) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.hub().connections().countForUser(UserId.of(user)) > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.hub().connections().countForUser(UserId.of(user)))
        .as("connections of %s after the abort", user).isZero();
  }

  @Test
  public void presenceIsOfflineWithLastSeenAfterTheLastDeviceCloses() throws Exception {
    try (TestServer server = start()) {
      TestClient c = server.connect("gone");
      c.request("type", "presence", "meta", Map.of("city", "Oslo"));
      c.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      var p = server.hub().presence().presence(UserId.of("gone")).toCompletableFuture().get();
      while (p.status() != PresenceStatus.OFFLINE && System.nanoTime() < deadline) {
        Thread.sleep(20);
        p = server.hub().presence().presence(UserId.of("gone")).toCompletableFuture().get();
      }
      assertThat(p.status()).isEqualTo(PresenceStatus.OFFLINE);
      assertThat(p.meta().path("city").asText()).isEqualTo("Oslo");
      assertThat(p.lastSeen()).isAfter(java.time.Instant.now().minusSeconds(10));
    }
  }

  @Test
  public void typingIsSentToOthersAndExpiresByItself() {
    try (TestServer server = start();
        TestClient a = server.connect("a");
        TestClient b = server.connect("b")) {
      a.request("type", "join", "room", "chat");
      b.request("type", "join", "room", "chat");
      a.send("type", "typing", "room", "chat", "typing", true);
      JsonNode on = b.await("typing");
      assertThat(on.path("user").asText()).isEqualTo("a");
      assertThat(on.path("typing").asBoolean()).isTrue();
      assertThat(server.hub().presence().typing(RoomId.of("chat"))).containsExactly(UserId.of("a"));
      assertThat(a.receives(f -> "typing".equals(f.path("type").asText()), QUIET))
          .as("the typist is not told about itself").isFalse();
      JsonNode off = b.await(f -> "typing".equals(f.path("type").asText()), Duration.ofSeconds(3));
      assertThat(off.path("typing").asBoolean()).isFalse();
      assertThat(server.hub().presence().typing(RoomId.of("chat"))).isEmpty();
    }
  }

  @Test
  public void typingInARoomNotJoinedIsForbidden() {
    try (TestServer server = start(); TestClient a = server.connect("a")) {
      assertThat(a.request("type", "typing", "room", "x", "typing", true)
          .path("error").path("code").asText()).isEqualTo("forbidden");
    }
  }

  @Test
  public void membersListsTheRoomsUsersWithTheirPresence() {
    try (TestServer server = start();
        TestClient a = server.connect("a");
        TestClient b = server.connect("b")) {
      a.request("type", "join", "room", "m");
      b.request("type", "join", "room", "m");
      b.request("type", "presence", "status", "away");
      JsonNode members = a.request("type", "members", "room", "m").path("members");
      assertThat(members).hasSize(2);
      assertThat(members.get(0).path("user").asText()).isEqualTo("a");
      assertThat(members.get(1).path("status").asText()).isEqualTo("away");
    }
  }
}
