package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.Authorizer;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Authorization over a real transport: a custom {@link Authorizer} refuses each operation (join,
 * publish, binary publish, direct, history, members) with {@code forbidden} or its own code while
 * the connection stays open; a blocking authorizer runs off transport threads and keeps a
 * connection's operations in order; wrong room passwords are rate-limited.
 */
public abstract class AuthorizationContract extends TransportContract {
  private static final Duration QUIET = Duration.ofMillis(300);

  /** Refuses what {@code refuse} matches; may block (runs on the work pool) unless told otherwise. */
  private static final class Rule implements Authorizer {
    private final Predicate<Access> refuse;
    private final boolean mayBlock;
    private final ErrorCode code;
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Access> asked = new CopyOnWriteArrayList<>();

    Rule(Predicate<Access> refuse, boolean mayBlock, ErrorCode code) {
      this.refuse = refuse;
      this.mayBlock = mayBlock;
      this.code = code;
    }

    @Override
    public Decision authorize(Access access) {
      threads.add(Thread.currentThread().getName());
      asked.add(access);
      return refuse.test(access) ? Decision.deny(code, "not for you") : Decision.allow();
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }
  }

  private TestServer start(Authorizer authorizer) {
    return TestServer.start(FAST, fixture().transport(TransportSettings.DEFAULTS),
        binder -> OptionalBinder.newOptionalBinder(binder, Authorizer.class).setBinding()
            .toInstance(authorizer));
  }

  private static String code(JsonNode reply) {
    return reply.path("error").path("code").asText();
  }

  private static void assertStillOpen(TestClient client) {
    client.send("type", "ping", "ref", "alive");
    assertThat(client.await("pong").path("ref").asText()).isEqualTo("alive");
    assertThat(client.isOpen()).isTrue();
  }

  @Test
  public void aRefusedJoinIsForbiddenAndTheConnectionStaysOpen() {
    Rule rule = new Rule(a -> a instanceof Access.Join j && j.room().value().startsWith("staff-"),
        true, ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule); TestClient alice = server.connect("alice")) {
      JsonNode refused = alice.request("type", "join", "room", "staff-only");
      assertThat(code(refused)).isEqualTo("forbidden");
      assertThat(refused.path("error").path("message").asText()).isEqualTo("not for you");
      assertThat(server.hub().rooms().find(RoomId.of("staff-only")).toCompletableFuture().join())
          .as("a refused join creates no room").isEmpty();
      assertThat(alice.request("type", "join", "room", "lobby").path("ok").asBoolean()).isTrue();
      assertStillOpen(alice);
    }
  }

  @Test
  public void aRefusalMayUseTheUnauthorizedCode() {
    Rule rule = new Rule(a -> a instanceof Access.Join, false, ErrorCode.UNAUTHORIZED);
    try (TestServer server = start(rule); TestClient alice = server.connect("alice")) {
      assertThat(code(alice.request("type", "join", "room", "lobby"))).isEqualTo("unauthorized");
      assertStillOpen(alice);
    }
  }

  @Test
  public void aRefusedPublishReachesNobody() {
    Rule rule = new Rule(a -> a instanceof Access.Publish p && p.connection().user().value().equals("mallory"),
        true, ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule);
        TestClient mallory = server.connect("mallory");
        TestClient bob = server.connect("bob")) {
      mallory.request("type", "join", "room", "general");
      bob.request("type", "join", "room", "general");
      assertThat(code(mallory.request("type", "publish", "room", "general", "data", Map.of("n", 1))))
          .isEqualTo("forbidden");
      mallory.sendBinary(binaryFrame("general", new byte[] {1, 2, 3}));
      assertThat(mallory.await("error").path("error").path("code").asText()).isEqualTo("forbidden");
      assertThat(bob.receives(f -> "message".equals(f.path("type").asText()), QUIET)).isFalse();
      assertThat(bob.request("type", "publish", "room", "general", "data", 2).path("ok").asBoolean()).isTrue();
      assertThat(mallory.await(f -> "message".equals(f.path("type").asText())).path("data").asInt()).isEqualTo(2);
      assertStillOpen(mallory);
    }
  }

  @Test
  public void aRefusedDirectIsNeitherDeliveredNorQueued() {
    Rule rule = new Rule(a -> a instanceof Access.Direct d && d.toUser().map(u -> u.value().equals("ceo")).orElse(false),
        true, ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule);
        TestClient alice = server.connect("alice");
        TestClient ceo = server.connect("ceo");
        TestClient bob = server.connect("bob")) {
      assertThat(code(alice.request("type", "direct", "to", "ceo", "data", "hi"))).isEqualTo("forbidden");
      assertThat(ceo.receives(f -> "direct".equals(f.path("type").asText()), QUIET)).isFalse();
      assertThat(alice.request("type", "direct", "to", "bob", "data", "hi").path("ok").asBoolean()).isTrue();
      assertThat(bob.await("direct").path("data").asText()).isEqualTo("hi");
      Access.Direct asked = (Access.Direct) rule.asked.stream().filter(a -> a instanceof Access.Direct)
          .findFirst().orElseThrow();
      assertThat(asked.connection().user().value()).isEqualTo("alice");
      assertStillOpen(alice);
    }
  }

  @Test
  public void refusedHistoryAndMembersReadsAnswerForbidden() {
    Rule rule = new Rule(a -> a instanceof Access.History || a instanceof Access.Members, true,
        ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule); TestClient alice = server.connect("alice")) {
      alice.request("type", "join", "room", "general");
      assertThat(alice.request("type", "publish", "room", "general", "data", 1).path("ok").asBoolean()).isTrue();
      assertThat(code(alice.request("type", "history", "room", "general"))).isEqualTo("forbidden");
      assertThat(code(alice.request("type", "members", "room", "general"))).isEqualTo("forbidden");
      assertStillOpen(alice);
    }
  }

  @Test
  public void aBlockingAuthorizerRunsOffTransportThreadsAndKeepsPublishOrder() {
    Rule rule = new Rule(a -> false, true, ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule);
        TestClient alice = server.connect("alice");
        TestClient bob = server.connect("bob")) {
      alice.request("type", "join", "room", "general");
      bob.request("type", "join", "room", "general");
      int count = 200;
      for (int i = 0; i < count; i++) {
        alice.send("type", "publish", "room", "general", "data", i);
      }
      long last = -1;
      for (int i = 0; i < count; i++) {
        JsonNode m = bob.await(f -> "message".equals(f.path("type").asText()));
        assertThat(m.path("data").asInt()).isEqualTo(i);
        assertThat(m.path("offset").asLong()).isGreaterThan(last);
        last = m.path("offset").asLong();
      }
      assertThat(rule.threads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("wsm-work"));
    }
  }

  @Test
  public void aResumeNeedsTheJoinAndTheHistoryReadAllowed() {
    Rule rule = new Rule(a -> a instanceof Access.History h && h.room().value().equals("secret"),
        true, ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule)) {
      String session;
      try (TestClient first = server.connect("alice")) {
        session = first.received().get(0).path("session").asText();
        assertThat(first.request("type", "join", "room", "secret").path("ok").asBoolean()).isTrue();
        assertThat(first.request("type", "join", "room", "open").path("ok").asBoolean()).isTrue();
      }
      try (TestClient again = server.connect("alice")) {
        JsonNode reply = again.request("type", "resume", "session", session, "rooms", List.of(
            Map.of("room", "secret", "offset", 0), Map.of("room", "open", "offset", 0)));
        assertThat(reply.path("ok").asBoolean()).isTrue();
        JsonNode secret = again.await(f -> "recovered".equals(f.path("type").asText())
            && "secret".equals(f.path("room").asText()));
        assertThat(secret.path("recovered").asBoolean()).isFalse();
        assertThat(secret.path("reason").asText()).isEqualTo("join_failed");
        assertThat(secret.toString()).contains("forbidden");
        JsonNode open = again.await(f -> "recovered".equals(f.path("type").asText())
            && "open".equals(f.path("room").asText()));
        assertThat(open.path("reason").asText()).isNotEqualTo("join_failed");
        assertThat(again.request("type", "publish", "room", "secret", "data", 1).path("error").path("code")
            .asText()).as("not a member after the refused resume").isEqualTo("forbidden");
      }
    }
  }

  @Test
  public void theDefaultAuthorizerKeepsTheProtocolRules() {
    try (TestServer server = start(); TestClient alice = server.connect("alice")) {
      assertThat(code(alice.request("type", "publish", "room", "general", "data", 1))).isEqualTo("forbidden");
      assertThat(code(alice.request("type", "history", "room", "general"))).isEqualTo("forbidden");
      assertThat(code(alice.request("type", "members", "room", "general"))).isEqualTo("forbidden");
      assertThat(alice.request("type", "join", "room", "general").path("ok").asBoolean()).isTrue();
      assertThat(alice.request("type", "publish", "room", "general", "data", 1).path("ok").asBoolean()).isTrue();
    }
  }

  @Test
  public void anAllowedPrivateRoomStillNeedsItsPassword() throws Exception {
    Rule rule = new Rule(a -> false, true, ErrorCode.FORBIDDEN);
    try (TestServer server = start(rule); TestClient alice = server.connect("alice")) {
      server.hub().rooms().create(RoomId.of("vault"), RoomOptions.DEFAULTS.withPassword("s3cret"))
          .toCompletableFuture().get();
      assertThat(code(alice.request("type", "join", "room", "vault"))).isEqualTo("wrong_password");
      assertThat(alice.request("type", "join", "room", "vault", "password", "s3cret").path("ok").asBoolean())
          .isTrue();
    }
  }

  @Test
  public void wrongPasswordsAreRateLimitedPerUserAndRoom() throws Exception {
    try (TestServer server = start();
        TestClient mallory = server.connect("mallory");
        TestClient alice = server.connect("alice")) {
      server.hub().rooms().create(RoomId.of("vault"), RoomOptions.DEFAULTS.withPassword("s3cret"))
          .toCompletableFuture().get();
      for (int i = 0; i < 5; i++) {
        assertThat(code(mallory.request("type", "join", "room", "vault", "password", "guess" + i)))
            .isEqualTo("wrong_password");
      }
      JsonNode limited = mallory.request("type", "join", "room", "vault", "password", "s3cret");
      assertThat(code(limited)).as("even the right password, without hashing it").isEqualTo("rate_limited");
      assertStillOpen(mallory);
      assertThat(alice.request("type", "join", "room", "vault", "password", "s3cret").path("ok").asBoolean())
          .as("another user is not limited").isTrue();
    }
  }

  @Test
  public void passwordsSentTogetherAreLimitedToo() throws Exception {
    try (TestServer server = start(); TestClient mallory = server.connect("mallory")) {
      server.hub().rooms().create(RoomId.of("vault"), RoomOptions.DEFAULTS.withPassword("s3cret"))
          .toCompletableFuture().get();
      for (int i = 0; i < 20; i++) {
        mallory.send("type", "join", "ref", "j" + i, "room", "vault", "password", "guess" + i);
      }
      int wrong = 0;
      int limited = 0;
      for (int i = 0; i < 20; i++) {
        String ref = "j" + i;
        String c = code(mallory.await(f -> "reply".equals(f.path("type").asText()) && ref.equals(f.path("ref").asText())));
        wrong += c.equals("wrong_password") ? 1 : 0;
        limited += c.equals("rate_limited") ? 1 : 0;
      }
      assertThat(wrong).isEqualTo(5);
      assertThat(limited).isEqualTo(15);
    }
  }

  /** A binary publish frame: room name length, room name, payload (see docs/protocol.md section 7). */
  private static byte[] binaryFrame(String room, byte[] payload) {
    byte[] name = room.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.nio.ByteBuffer.allocate(2 + name.length + payload.length)
        .putShort((short) name.length).put(name).put(payload).array();
  }
}
