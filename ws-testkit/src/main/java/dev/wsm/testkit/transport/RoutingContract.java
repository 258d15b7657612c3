package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsm.core.Delivery;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Delivery over a real transport: direct messages to every device, offline delivery on connect, label
 * and predicate broadcasts, broadcasts with excluded users, binary frames, custom handlers and their
 * error codes, client pings.
 */
public abstract class RoutingContract extends TransportContract {
  private static final Duration QUIET = Duration.ofMillis(300);

  private static boolean isType(JsonNode f, String type) {
    return type.equals(f.path("type").asText());
  }

  @Test
  public void aDirectMessageReachesEveryDeviceOfTheUser() {
    try (TestServer server = start();
        TestClient sender = server.connect("alice");
        TestClient phone = server.connect("bob");
        TestClient laptop = server.connect("bob");
        TestClient other = server.connect("carol")) {
      JsonNode reply = sender.request("type", "direct", "to", "bob", "data", "hi");
      assertThat(reply.path("delivered").asInt()).isEqualTo(2);
      for (TestClient device : new TestClient[] {phone, laptop}) {
        JsonNode m = device.await("direct");
        assertThat(m.path("from").asText()).isEqualTo("alice");
        assertThat(m.path("data").asText()).isEqualTo("hi");
        assertThat(m.path("id").asText()).isEqualTo(reply.path("id").asText());
      }
      assertThat(other.receives(f -> isType(f, "direct"), QUIET)).isFalse();
    }
  }

  @Test
  public void aDirectMessageToAnOfflineUserIsDeliveredWhenTheyConnectAndAgainUntilAcked() {
    try (TestServer server = start(); TestClient sender = server.connect("alice")) {
      JsonNode reply = sender.request("type", "direct", "to", "zed", "data", "while you were out");
      assertThat(reply.path("queued").asBoolean()).isTrue();
      String id;
      try (TestClient zed = server.connect("zed")) {
        JsonNode direct = zed.await("direct");
        assertThat(direct.path("data").asText()).isEqualTo("while you were out");
        id = direct.path("id").asText();
      }
      try (TestClient again = server.connect("zed")) {
        assertThat(again.await("direct").path("id").asText()).as("not acked: sent again")
            .isEqualTo(id);
        assertThat(again.request("type", "ack", "ids", List.of(id)).path("acked").asInt())
            .isEqualTo(1);
      }
      try (TestClient third = server.connect("zed")) {
        assertThat(third.receives(f -> isType(f, "direct"), QUIET)).as("acked: never again")
            .isFalse();
      }
    }
  }

  @Test
  public void aDirectMessageToAConnectedUserIsKeptUntilADeviceAcksIt() {
    try (TestServer server = start(); TestClient sender = server.connect("alice");
        TestClient phone = server.connect("yan")) {
      JsonNode reply = sender.request("type", "direct", "to", "yan", "data", "ping");
      assertThat(reply.path("delivered").asInt()).isEqualTo(1);
      assertThat(reply.path("queued").asBoolean()).isTrue();
      String id = phone.await("direct").path("id").asText();
      try (TestClient laptop = server.connect("yan")) {
        assertThat(laptop.await("direct").path("id").asText())
            .as("a device that connects before the ack gets it too").isEqualTo(id);
        assertThat(phone.request("type", "ack", "ids", List.of(id, "unknown-id")).path("acked")
            .asInt()).as("only known ids count").isEqualTo(1);
      }
      try (TestClient tablet = server.connect("yan")) {
        assertThat(tablet.receives(f -> isType(f, "direct"), QUIET))
            .as("an ack from one device clears it for every device").isFalse();
      }
    }
  }

  @Test
  public void aPredicateBroadcastReachesOnlyMatchingConnections() throws Exception {
    try (TestServer server = start();
        TestClient west = TestClient.connectWelcomed(server.withQuery("user=o1&label=octavia&meta.region=us-west"));
        TestClient east = TestClient.connectWelcomed(server.withQuery("user=o2&label=octavia&meta.region=eu"));
        TestClient cipher = TestClient.connectWelcomed(server.withQuery("user=c1&label=cipher"))) {
      OutboundMessage msg = OutboundMessage.of(Payload.text("deploy")).withEvent("deploy");
      Delivery byLabel = server.hub().router().send(dev.wsm.core.Target.label("octavia"), msg)
          .toCompletableFuture().get();
      assertThat(byLabel.delivered()).isEqualTo(2);
      assertThat(west.await("broadcast").path("event").asText()).isEqualTo("deploy");
      assertThat(east.await("broadcast").path("data").asText()).isEqualTo("deploy");
      assertThat(cipher.receives(f -> isType(f, "broadcast"), QUIET)).isFalse();

      Delivery byRegion = server.hub().router()
          .toMatching(c -> "us-west".equals(c.metadata().get("region")), msg)
          .toCompletableFuture().get();
      assertThat(byRegion.delivered()).isEqualTo(1);
      assertThat(west.await("broadcast")).isNotNull();
      assertThat(east.receives(f -> isType(f, "broadcast"), QUIET)).isFalse();
    }
  }

  @Test
  public void aBroadcastToEveryoneSkipsExcludedUsers() throws Exception {
    try (TestServer server = start();
        TestClient a = server.connect("a");
        TestClient b = server.connect("b")) {
      var target = dev.wsm.core.Target.all().exceptUsers(java.util.Set.of(UserId.of("b")));
      Delivery d = server.hub().router().send(target,
          OutboundMessage.of(Payload.json(JsonNodeFactory.instance.numberNode(7))))
          .toCompletableFuture().get();
      assertThat(d.delivered()).isEqualTo(1);
      assertThat(a.await("broadcast").path("data").asInt()).isEqualTo(7);
      assertThat(b.receives(f -> isType(f, "broadcast"), QUIET)).isFalse();
    }
  }

  @Test
  public void binaryFramesArePublishedToTheNamedRoom() {
    try (TestServer server = start();
        TestClient a = server.connect("a");
        TestClient b = server.connect("b")) {
      a.request("type", "join", "room", "bin");
      b.request("type", "join", "room", "bin");
      byte[] room = "bin".getBytes(StandardCharsets.UTF_8);
      byte[] payload = {1, 2, 3, (byte) 0xFF};
      a.sendBinary(ByteBuffer.allocate(2 + room.length + payload.length)
          .putShort((short) room.length).put(room).put(payload).array());
      ByteBuffer got = ByteBuffer.wrap(b.awaitBinary(Duration.ofSeconds(5)));
      byte[] gotRoom = new byte[got.getShort()];
      got.get(gotRoom);
      byte[] gotFrom = new byte[got.getShort()];
      got.get(gotFrom);
      byte[] gotPayload = new byte[got.remaining()];
      got.get(gotPayload);
      assertThat(new String(gotRoom, StandardCharsets.UTF_8)).isEqualTo("bin");
      assertThat(new String(gotFrom, StandardCharsets.UTF_8)).isEqualTo("a");
      assertThat(gotPayload).containsExactly(payload);
    }
  }

  @Test
  public void aCustomTypeIsAnsweredByItsHandlerAndFailuresKeepTheirCode() {
    try (TestServer server = start()) {
      server.hub().handle("math.double", (conn, data) ->
          CompletableFuture.completedFuture(JsonNodeFactory.instance.numberNode(data.asInt() * 2)));
      server.hub().handle("always.fails", (conn, data) -> {
        throw new WsException(dev.wsm.core.ErrorCode.FORBIDDEN, "not for you");
      });
      server.hub().handle("explodes", (conn, data) -> {
        throw new IllegalStateException("secret internals");
      });
      try (TestClient c = server.connect("alice")) {
        assertThat(c.request("type", "math.double", "data", 21).path("data").asInt()).isEqualTo(42);
        JsonNode refused = c.request("type", "always.fails");
        assertThat(refused.path("error").path("code").asText()).isEqualTo("forbidden");
        assertThat(refused.path("error").path("message").asText()).isEqualTo("not for you");
        JsonNode broken = c.request("type", "explodes");
        assertThat(broken.path("error").path("code").asText()).isEqualTo("internal");
        assertThat(broken.toString()).doesNotContain("secret internals");
      }
    }
  }

  @Test
  public void aClientPingIsAnsweredWithAPong() {
    try (TestServer server = start(); TestClient c = server.connect("alice")) {
      c.send("type", "ping", "ref", "42");
      assertThat(c.await("pong").path("ref").asText()).isEqualTo("42");
    }
  }
}
