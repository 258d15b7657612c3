package dev.wsm.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.testkit.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BaselineServerIT {
  private static final Duration QUIET = Duration.ofMillis(300);

  private BaselineServer server;
  private int port;
  private final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new BaselineServer(new InetSocketAddress("127.0.0.1", 0));
    port = server.startAndAwait(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(TestClient::close);
    server.stop(2000);
  }

  private TestClient connect(String user) {
    TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/?user=" + user));
    clients.add(client);
    JsonNode welcome = client.await("welcome");
    assertThat(welcome.path("user").asText()).isEqualTo(user);
    return client;
  }

  private static boolean isMessage(JsonNode f) {
    return "message".equals(f.path("type").asText());
  }

  @Test
  void bindsAnyFreePortWhenAskedForPortZero() {
    assertThat(port).isPositive();
    assertThat(server.getPort()).isEqualTo(port);
  }

  @Test
  void welcomesAnonWithoutUserParameter() {
    TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/"));
    clients.add(client);
    assertThat(client.await("welcome").path("user").asText()).isEqualTo("anon");
  }

  @Test
  void publishReachesOtherMembersButNotTheSenderNorNonMembers() {
    TestClient alice = connect("alice");
    TestClient bob = connect("bob");
    TestClient carol = connect("carol");
    TestClient dave = connect("dave");
    for (TestClient member : List.of(alice, bob, carol)) {
      JsonNode reply = member.request("type", "join", "room", "r");
      assertThat(reply.path("ok").asBoolean()).isTrue();
    }
    dave.request("type", "join", "room", "elsewhere");

    JsonNode published = alice.request("type", "publish", "room", "r",
        "data", Map.of("text", "hi", "n", 1));
    assertThat(published.path("ok").asBoolean()).isTrue();

    for (TestClient receiver : List.of(bob, carol)) {
      JsonNode message = receiver.await("message");
      assertThat(message.path("room").asText()).isEqualTo("r");
      assertThat(message.path("from").asText()).isEqualTo("alice");
      assertThat(message.path("data").path("text").asText()).isEqualTo("hi");
      assertThat(message.path("data").path("n").asInt()).isEqualTo(1);
    }
    assertThat(alice.receives(BaselineServerIT::isMessage, QUIET)).isFalse();
    assertThat(dave.receives(BaselineServerIT::isMessage, QUIET)).isFalse();
  }

  @Test
  void publishWithoutRefGetsNoReplyButIsDelivered() {
    TestClient alice = connect("alice");
    TestClient bob = connect("bob");
    alice.send("type", "join", "room", "r");
    bob.request("type", "join", "room", "r");
    alice.send("type", "ping", "ref", "sync");
    alice.await(f -> "pong".equals(f.path("type").asText()));

    alice.send("type", "publish", "room", "r", "data", "plain");

    assertThat(bob.await("message").path("data").asText()).isEqualTo("plain");
    assertThat(alice.receives(f -> "reply".equals(f.path("type").asText()), QUIET)).isFalse();
  }

  @Test
  void publishToARoomNotJoinedIsRefusedAndDeliveredToNoOne() {
    TestClient alice = connect("alice");
    TestClient bob = connect("bob");
    bob.request("type", "join", "room", "r");

    JsonNode reply = alice.request("type", "publish", "room", "r", "data", 1);

    assertThat(reply.path("ok").asBoolean()).isFalse();
    assertThat(reply.path("error").path("code").asText()).isEqualTo("forbidden");
    assertThat(bob.receives(BaselineServerIT::isMessage, QUIET)).isFalse();
  }

  @Test
  void leftMembersAndClosedConnectionsNoLongerReceive() throws Exception {
    TestClient alice = connect("alice");
    TestClient bob = connect("bob");
    TestClient carol = connect("carol");
    for (TestClient member : List.of(alice, bob, carol)) {
      member.request("type", "join", "room", "r");
    }

    bob.request("type", "leave", "room", "r");
    carol.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.members("r").size() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    assertThat(server.members("r")).hasSize(1);
    alice.request("type", "publish", "room", "r", "data", "x");
    assertThat(bob.receives(BaselineServerIT::isMessage, QUIET)).isFalse();
  }

  @Test
  void pingIsAnsweredWithPongCarryingTheRef() {
    TestClient alice = connect("alice");

    alice.send("type", "ping", "ref", "x");

    JsonNode pong = alice.await("pong");
    assertThat(pong.path("ref").asText()).isEqualTo("x");
  }

  @Test
  void malformedFrameGetsAnErrorAndTheConnectionStaysUsable() {
    TestClient alice = connect("alice");

    alice.sendText("{not json");

    assertThat(alice.await("error").path("error").path("code").asText()).isEqualTo("invalid_message");
    alice.send("type", "ping", "ref", "after");
    assertThat(alice.await("pong").path("ref").asText()).isEqualTo("after");
  }
}
