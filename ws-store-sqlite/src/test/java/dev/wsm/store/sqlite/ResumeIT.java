package dev.wsm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.HubOptions;
import dev.wsm.core.ResumeOptions;
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

/** {@code resume} with real sockets, a real hub and a real SQLite file. */
class ResumeIT {
  private static final int MESSAGES = 10_000;

  @TempDir
  Path dir;

  private TestServer start(com.google.inject.Module... stores) {
    List<com.google.inject.Module> modules = new ArrayList<>(List.of(stores));
    return TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        modules.toArray(com.google.inject.Module[]::new));
  }

  private static com.google.inject.Module resumeWith(ResumeOptions options) {
    return binder -> OptionalBinder.newOptionalBinder(binder, ResumeOptions.class).setBinding()
        .toInstance(options);
  }

  private static String welcomeSession(TestClient client) {
    return client.received().stream().filter(f -> "welcome".equals(f.path("type").asText()))
        .findFirst().orElseThrow().path("session").asText();
  }

  private static ObjectNode resumeFrame(String session, String room, long offset, String epoch) {
    ObjectNode frame = JsonNodeFactory.instance.objectNode();
    frame.put("type", "resume").put("ref", "resume-1").put("session", session);
    ObjectNode entry = frame.putArray("rooms").addObject();
    entry.put("room", room).put("offset", offset);
    if (epoch != null) {
      entry.put("epoch", epoch);
    }
    return frame;
  }

  private static List<Long> offsets(List<JsonNode> frames, String room) {
    List<Long> offsets = new ArrayList<>();
    for (JsonNode f : frames) {
      if ("message".equals(f.path("type").asText()) && room.equals(f.path("room").asText())) {
        offsets.add(f.path("offset").asLong());
      }
    }
    return offsets;
  }

  private static String firstDifference(List<Long> all, long cutAt) {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) != i + 1) {
        return "at index " + i + " (cut at " + cutAt + "): "
            + all.subList(Math.max(0, i - 3), Math.min(all.size(), i + 4)) + ", size " + all.size();
      }
    }
    return "none, size " + all.size();
  }

  private static void awaitOffset(TestClient client, String room, long offset, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> seen = offsets(client.received(), room);
      if (!seen.isEmpty() && seen.get(seen.size() - 1) >= offset) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("offset " + offset + " of " + room + " did not arrive in " + timeout);
  }

  @Test
  void aClientCutOffMidStreamResumesWithEveryMessageExactlyOnceInOrder() throws Exception {
    try (TestServer server = start(new SqliteStoreModule(SqliteOptions.at(dir.resolve("wsm.db"))));
        TestClient alice = server.connect("alice")) {
      TestClient bob = server.connect("bob");
      JsonNode joined = bob.request("type", "join", "room", "feed");
      String epoch = joined.path("stream").path("epoch").asText();
      assertThat(joined.path("stream").path("offset").asLong()).isZero();
      String session = welcomeSession(bob);
      assertThat(alice.request("type", "join", "room", "feed").path("ok").asBoolean()).isTrue();

      // Paced (about 2,500/s, 4 s in all) so that publishing goes on while bob resumes: the live
      // messages of that moment must neither overtake the missed ones nor be repeated.
      Thread publisher = new Thread(() -> {
        long start = System.nanoTime();
        for (int i = 1; i <= MESSAGES; i++) {
          alice.send("type", "publish", "room", "feed", "data", i);
          long due = start + i * 400_000L;
          while (System.nanoTime() < due) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
          }
        }
      });
      publisher.start();
      awaitOffset(bob, "feed", 2_000, Duration.ofSeconds(30));
      bob.abort(); // TCP dropped, no close frame: the server finds out by itself
      List<Long> before = offsets(bob.received(), "feed");
      long last = before.get(before.size() - 1);

      try (TestClient bob2 = server.connect("bob")) {
        bob2.sendText(resumeFrame(session, "feed", last, epoch).toString());
        awaitOffset(bob2, "feed", MESSAGES, Duration.ofSeconds(60));
        publisher.join(30_000);
        JsonNode reply = bob2.await(f -> "resume-1".equals(f.path("ref").asText()));
        assertThat(reply.path("ok").asBoolean()).isTrue();

        List<JsonNode> frames = bob2.received();
        assertThat(last).as("bob was cut off mid-stream").isLessThan(MESSAGES - 2_000);
        List<Long> after = offsets(frames, "feed");
        List<Long> all = new ArrayList<>(before);
        all.addAll(after);
        List<Long> expected = new ArrayList<>();
        for (long o = 1; o <= MESSAGES; o++) {
          expected.add(o);
        }
        assertThat(all).as("every message exactly once, in offset order; first difference: %s",
            firstDifference(all, last)).isEqualTo(expected);
        // The recovered frame separates the missed messages from the live ones.
        int recoveredAt = -1;
        for (int i = 0; i < frames.size(); i++) {
          if ("recovered".equals(frames.get(i).path("type").asText())) {
            recoveredAt = i;
          }
        }
        assertThat(recoveredAt).isPositive();
        JsonNode recovered = frames.get(recoveredAt);
        assertThat(recovered.path("recovered").asBoolean()).isTrue();
        assertThat(recovered.path("epoch").asText()).isEqualTo(epoch);
        long upTo = recovered.path("offset").asLong();
        assertThat(recovered.path("missed").asLong()).isEqualTo(upTo - last);
        assertThat(offsets(frames.subList(0, recoveredAt), "feed")).allMatch(o -> o <= upTo);
        assertThat(offsets(frames.subList(recoveredAt, frames.size()), "feed"))
            .allMatch(o -> o > upTo);
      }
    }
  }

  @Test
  void aRestartedInMemoryServerAnswersRecoveredFalseBecauseTheEpochChanged() {
    String session;
    String epoch;
    ResumeOptions resume = ResumeOptions.DEFAULTS;
    try (TestServer server = start(resumeWith(resume));
        TestClient bob = server.connect("bob")) {
      epoch = bob.request("type", "join", "room", "r").path("stream").path("epoch").asText();
      bob.request("type", "publish", "room", "r", "data", "one");
      session = welcomeSession(bob);
    }
    try (TestServer server = start(resumeWith(resume));
        TestClient bob = server.connect("bob")) {
      bob.sendText(resumeFrame(session, "r", 1, epoch).toString());
      JsonNode recovered = bob.await("recovered");
      assertThat(recovered.path("recovered").asBoolean()).isFalse();
      assertThat(recovered.path("reason").asText()).isEqualTo("epoch_changed");
      assertThat(recovered.path("epoch").asText()).isNotEqualTo(epoch);
      assertThat(bob.await("reply").path("ok").asBoolean()).isTrue();
      assertThat(bob.request("type", "publish", "room", "r", "data", "in again")
          .path("ok").asBoolean()).as("the connection is in the room").isTrue();
    }
  }

  @Test
  void aReconnectWithinThePresenceGraceCausesNoLeftJoinedOrOfflineFlap() throws Exception {
    ResumeOptions options = ResumeOptions.DEFAULTS.withPresenceGrace(Duration.ofSeconds(2));
    try (TestServer server = start(resumeWith(options));
        TestClient alice = server.connect("alice")) {
      alice.request("type", "join", "room", "r");
      TestClient bob = server.connect("bob");
      bob.request("type", "join", "room", "r");
      alice.await(f -> "joined".equals(f.path("type").asText()));
      bob.abort();
      Thread.sleep(300);
      try (TestClient bob2 = server.connect("bob")) {
        assertThat(bob2.request("type", "join", "room", "r").path("ok").asBoolean()).isTrue();
        assertThat(alice.receives(f -> "bob".equals(f.path("user").asText())
            && List.of("left", "joined").contains(f.path("type").asText())
            || "offline".equals(f.path("status").asText()), Duration.ofMillis(2_500)))
            .as("no left, joined or offline for bob, during the grace or after it").isFalse();
      }
    }
  }

  @Test
  void aDroppedConnectionThatDoesNotComeBackLeavesWhenTheGraceEnds() {
    ResumeOptions options = ResumeOptions.DEFAULTS.withPresenceGrace(Duration.ofMillis(500));
    try (TestServer server = start(resumeWith(options));
        TestClient alice = server.connect("alice")) {
      alice.request("type", "join", "room", "r");
      TestClient bob = server.connect("bob");
      bob.request("type", "join", "room", "r");
      bob.abort();
      long dropped = System.nanoTime();
      JsonNode left = alice.await(f -> "left".equals(f.path("type").asText()), Duration.ofSeconds(10));
      assertThat(left.path("user").asText()).isEqualTo("bob");
      assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
  }

  @Test
  void aForgedOrForeignSessionIsRefusedWithInvalidSession() {
    try (TestServer server = start(); TestClient bob = server.connect("bob");
        TestClient eve = server.connect("eve")) {
      String bobs = welcomeSession(bob);
      eve.sendText(resumeFrame(bobs, "r", 0, null).toString());
      JsonNode reply = eve.await("reply");
      assertThat(reply.path("ok").asBoolean()).isFalse();
      assertThat(reply.path("error").path("code").asText()).isEqualTo("invalid_session");
      // One character of the signature changed, away from its end: the last character of a
      // 43-character base64url signature carries ignored bits, and a fixed replacement equals the
      // real ending once in 1,024 tokens (then the "forged" session is bob's own and resumes).
      int at = bobs.length() - 10;
      String forged = bobs.substring(0, at) + (bobs.charAt(at) == 'A' ? 'B' : 'A')
          + bobs.substring(at + 1);
      bob.sendText(resumeFrame(forged, "r", 0, null).toString());
      assertThat(bob.await("reply").path("error").path("code").asText())
          .isEqualTo("invalid_session");
    }
  }

  @Test
  void aGapLargerThanTheHistoryHoldsIsNotRecoveredAtAll() {
    SqliteOptions options = SqliteOptions.at(dir.resolve("wsm.db"));
    try (TestServer server = start(new SqliteStoreModule(options),
        resumeWith(ResumeOptions.DEFAULTS.withMaxRecovered(5)));
        TestClient alice = server.connect("alice")) {
      alice.request("type", "join", "room", "r"); // keeps the (ephemeral) room alive
      TestClient bob = server.connect("bob");
      String epoch = bob.request("type", "join", "room", "r").path("stream").path("epoch").asText();
      String session = welcomeSession(bob);
      bob.close();
      for (int i = 0; i < 8; i++) {
        alice.request("type", "publish", "room", "r", "data", i);
      }
      try (TestClient bob2 = server.connect("bob")) {
        bob2.sendText(resumeFrame(session, "r", 0, epoch).toString());
        JsonNode recovered = bob2.await("recovered");
        assertThat(recovered.path("recovered").asBoolean()).isFalse();
        assertThat(recovered.path("reason").asText()).isEqualTo("not_in_history");
        assertThat(recovered.path("offset").asLong()).isEqualTo(8);
        assertThat(offsets(bob2.received(), "r")).as("never a partial recovery").isEmpty();
      }
    }
  }
}
