package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.HubOptions;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real hub (Netty, real sockets) on a real SQLite file. */
class SqliteHubIT {
  @TempDir
  Path dir;

  private TestServer start(SqliteOptions options) {
    return TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new SqliteStoreModule(options));
  }

  @Test
  void historyOverTheWireHonoursOffsetAndTimeBounds() throws Exception {
    try (TestServer server = start(SqliteOptions.at(dir.resolve("wsm.db")));
        TestClient alice = server.connect("alice")) {
      assertThat(alice.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
      List<Instant> sentAt = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        JsonNode reply = alice.request("type", "publish", "room", "log", "data", "m" + i);
        assertThat(reply.path("offset").asLong()).isEqualTo(i);
        sentAt.add(Instant.now());
        Thread.sleep(15); // timestamps apart, so a time window can split them
      }

      JsonNode range = alice.request("type", "history", "room", "log", "after", 1, "before", 5);
      assertThat(offsets(range)).containsExactly(2L, 3L, 4L);
      JsonNode newest = alice.request("type", "history", "room", "log", "after", 1, "before", 5,
          "order", "newest", "limit", 2);
      assertThat(offsets(newest)).containsExactly(4L, 3L);
      JsonNode window = alice.request("type", "history", "room", "log",
          "since", sentAt.get(2).toString(), "until", sentAt.get(4).toString());
      assertThat(offsets(window)).containsExactly(4L, 5L);
      JsonNode bad = alice.request("type", "history", "room", "log", "since", "last tuesday");
      assertThat(bad.path("ok").asBoolean()).isFalse();
      assertThat(bad.path("error").path("code").asText()).isEqualTo("invalid_message");
    }
  }

  @Test
  void whileAnotherProcessLocksTheDatabaseLiveTrafficGoesOnAndPublishesFailClearly()
      throws Exception {
    Path file = dir.resolve("wsm.db");
    SqliteOptions options = SqliteOptions.at(file).withBusyTimeout(Duration.ofMillis(300));
    try (TestServer server = start(options);
        TestClient alice = server.connect("alice");
        TestClient bob = server.connect("bob")) {
      assertThat(alice.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
      assertThat(bob.request("type", "join", "room", "log").path("ok").asBoolean()).isTrue();
      assertThat(alice.request("type", "publish", "room", "log", "data", "before")
          .path("offset").asLong()).isEqualTo(1);

      try (ChildJvm other = ChildJvm.start(ExclusiveLockHolder.class, file.toString())) {
        other.awaitLine("locked", Duration.ofSeconds(20));

        JsonNode refused = alice.request("type", "publish", "room", "log", "data", "during");
        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("error").path("code").asText()).isEqualTo("internal");
        assertThat(refused.toString()).doesNotContain("SQLITE").doesNotContain("wsm.db");

        // Live traffic goes on: a direct message reaches the connected user (not kept for later:
        // queued false), typing flows.
        JsonNode direct = alice.request("type", "direct", "to", "bob", "data", "still here");
        assertThat(direct.path("ok").asBoolean()).isTrue();
        assertThat(direct.path("queued").asBoolean()).isFalse();
        assertThat(bob.await(f -> "direct".equals(f.path("type").asText())).path("data").asText())
            .isEqualTo("still here");
        alice.send("type", "typing", "room", "log", "typing", true);
        assertThat(bob.await(f -> "typing".equals(f.path("type").asText())).path("user").asText())
            .isEqualTo("alice");

        other.send("release");
        other.awaitLine("released", Duration.ofSeconds(10));
      }

      JsonNode after = alice.request("type", "publish", "room", "log", "data", "after");
      assertThat(after.path("ok").asBoolean()).isTrue();
      assertThat(after.path("offset").asLong()).as("no offset was lost to the failure").isEqualTo(2);
      assertThat(offsets(alice.request("type", "history", "room", "log"))).containsExactly(1L, 2L);
    }
  }

  @Test
  void aGracefulRestartKeepsAnEphemeralRoomsHistoryAndEpoch() throws Exception {
    SqliteOptions options = SqliteOptions.at(dir.resolve("wsm.db"));
    String epoch;
    TestServer first = start(options);
    TestClient alice = first.connect("alice");
    try {
      assertThat(alice.request("type", "join", "room", "party").path("ok").asBoolean()).isTrue();
      for (int i = 1; i <= 3; i++) {
        alice.request("type", "publish", "room", "party", "data", "m" + i);
      }
      epoch = alice.request("type", "history", "room", "party").path("epoch").asText();
      first.close(); // the hub shuts down gracefully while alice is connected: it closes her, 1001
      assertThat(alice.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1001);
    } finally {
      first.close();
      alice.close();
    }
    try (TestServer server = start(options);
        TestClient bob = server.connect("bob")) {
      assertThat(bob.request("type", "join", "room", "party").path("ok").asBoolean()).isTrue();
      JsonNode page = bob.request("type", "history", "room", "party");
      assertThat(offsets(page)).containsExactly(1L, 2L, 3L);
      assertThat(page.path("epoch").asText()).isEqualTo(epoch);
    }
  }

  @Test
  void repliesCarryTheirParentAndHistoryCanListAThread() {
    try (TestServer server = start(SqliteOptions.at(dir.resolve("wsm.db")));
        TestClient alice = server.connect("alice");
        TestClient bob = server.connect("bob")) {
      alice.request("type", "join", "room", "forum");
      bob.request("type", "join", "room", "forum");
      String question = alice.request("type", "publish", "room", "forum", "data", "why?")
          .path("id").asText();
      alice.request("type", "publish", "room", "forum", "data", "unrelated");
      bob.request("type", "publish", "room", "forum", "data", "because", "parent", question);

      JsonNode live = alice.await(f -> "because".equals(f.path("data").asText()));
      assertThat(live.path("parent").asText()).isEqualTo(question);
      JsonNode thread = alice.request("type", "history", "room", "forum", "parent", question);
      assertThat(thread.path("messages")).hasSize(1);
      assertThat(thread.path("messages").get(0).path("data").asText()).isEqualTo("because");
      assertThat(thread.path("messages").get(0).path("parent").asText()).isEqualTo(question);
    }
  }

  @Test
  void messagesPastTheirTtlAreNeverDeliveredFromTheInboxOrHistory() throws Exception {
    try (TestServer server = start(SqliteOptions.at(dir.resolve("wsm.db")));
        TestClient alice = server.connect("alice")) {
      alice.request("type", "direct", "to", "zed", "data", "short-lived", "ttl", 1);
      alice.request("type", "direct", "to", "zed", "data", "lasting", "ttl", 3600);
      alice.request("type", "join", "room", "log");
      alice.request("type", "publish", "room", "log", "data", "short-lived", "ttl", 1);
      alice.request("type", "publish", "room", "log", "data", "lasting");
      Thread.sleep(1_100); // past the first TTL

      try (TestClient zed = server.connect("zed")) {
        assertThat(zed.await("direct").path("data").asText()).isEqualTo("lasting");
        assertThat(zed.receives(f -> "short-lived".equals(f.path("data").asText()),
            Duration.ofMillis(300))).isFalse();
      }
      JsonNode page = alice.request("type", "history", "room", "log");
      assertThat(offsets(page)).as("the expired message keeps its offset but is gone")
          .containsExactly(2L);
    }
  }

  private static List<Long> offsets(JsonNode page) {
    assertThat(page.path("ok").asBoolean()).as(page.toString()).isTrue();
    List<Long> offsets = new ArrayList<>();
    page.path("messages").forEach(m -> offsets.add(m.path("offset").asLong()));
    return offsets;
  }
}
