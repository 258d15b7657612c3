package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.Connection;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.testkit.RawWebSocket;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connection lifecycle over a real transport: the welcome, query labels and metadata, heartbeat
 * timeouts (including a peer that never answers the close), graceful shutdown with 1001, handshake
 * refusals (429 over the per-user limit, 404 on another path) and no leaks over many connect cycles.
 */
public abstract class ConnectionLifecycleContract extends TransportContract {

  @Test
  public void welcomeCarriesConnectionIdUserAndHeartbeatSettings() {
    try (TestServer server = start(); TestClient alice = TestClient.connect(server.uri("alice"))) {
      JsonNode welcome = alice.await("welcome");
      assertThat(welcome.path("user").asText()).isEqualTo("alice");
      assertThat(welcome.path("protocol").asInt()).isEqualTo(1);
      assertThat(welcome.path("heartbeat").path("interval").asLong()).isEqualTo(25_000);
      assertThat(welcome.path("heartbeat").path("timeout").asLong()).isEqualTo(60_000);
      String id = welcome.path("connection").asText();
      Connection c = server.hub().connections().byUser(UserId.of("alice")).get(0);
      assertThat(c.id().value()).isEqualTo(id);
      assertThat(c.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  public void labelsAndMetadataFromTheQueryAreOnTheConnection() {
    try (TestServer server = start();
        TestClient agent = TestClient.connectWelcomed(
            server.withQuery("user=octavia-1&label=octavia,billing&meta.region=us-west"))) {
      Connection c = server.hub().connections().byUser(UserId.of("octavia-1")).get(0);
      assertThat(c.labels()).containsExactlyInAnyOrder("octavia", "billing");
      assertThat(c.metadata()).containsEntry("region", "us-west");
      assertThat(server.hub().connections().byLabel("billing")).hasSize(1);
    }
  }

  @Test
  public void aSilentClientIsClosedWithTheHeartbeatTimeoutCodeAndForgottenEvenIfItNeverAnswers()
      throws Exception {
    var options = FAST.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500));
    try (TestServer server = start(options,
            TransportSettings.DEFAULTS.withCloseTimeout(Duration.ofMillis(500)));
        RawWebSocket silent = RawWebSocket.connect(server.uri("mute"))) {
      RawWebSocket.Frame close = silent.readUntilClose(Duration.ofSeconds(5));
      assertThat(close).as("a close frame from the server").isNotNull();
      assertThat(close.closeCode()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
      // The silent client never answers the close: the server must drop it by itself.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.hub().connections().count() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.hub().connections().count()).isZero();
    }
  }

  @Test
  public void aClientThatAnswersPingsStaysConnectedAndGetsItsLatencyMeasured() throws Exception {
    var options = FAST.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500));
    try (TestServer server = start(options); TestClient alive = server.connect("alive")) {
      Thread.sleep(1200);
      assertThat(alive.isOpen()).isTrue();
      Connection c = server.hub().connections().byUser(UserId.of("alive")).get(0);
      assertThat(c.latency()).isPresent();
      assertThat(c.latency().get()).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  public void shutdownClosesEveryConnectionWithGoingAway() {
    TestServer server = start();
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clients.add(server.connect("user" + (i % 7)));
    }
    server.close();
    for (TestClient c : clients) {
      assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(CloseCodes.GOING_AWAY);
    }
  }

  @Test
  public void theUserConnectionLimitRefusesTheUpgradeWith429() {
    try (TestServer server = start(FAST.withMaxConnectionsPerUser(2));
        TestClient a = server.connect("bob");
        TestClient b = server.connect("bob")) {
      assertThatThrownBy(() -> TestClient.connect(server.uri("bob")))
          .isInstanceOfSatisfying(TestClient.HandshakeRefused.class,
              e -> assertThat(e.status()).isEqualTo(429));
      try (TestClient other = server.connect("carol")) {
        assertThat(other.isOpen()).isTrue();
      }
    }
  }

  @Test
  public void anotherPathIsRefusedWith404() {
    try (TestServer server = start()) {
      URI wrong = URI.create(server.hub().url().replace("/ws", "/nope") + "?user=x");
      assertThatThrownBy(() -> TestClient.connect(wrong))
          .isInstanceOfSatisfying(TestClient.HandshakeRefused.class,
              e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  public void aThousandConnectDisconnectCyclesLeaveNoConnectionsMembershipsOrPresenceBehind()
      throws Exception {
    try (TestServer server = start(FAST.withMaxConnectionsPerUser(0));
        TestClient watcher = server.connect("watcher")) {
      watcher.request("type", "join", "room", "lobby");
      for (int i = 0; i < 1000; i++) {
        try (TestClient c = server.connect("cycler" + (i % 10))) {
          JsonNode reply = c.request("type", "join", "room", "lobby");
          assertThat(reply.path("ok").asBoolean()).isTrue();
          c.request("type", "join", "room", "room-" + i);
        }
      }
      // A close the server sees as abnormal (1006) keeps its place for the presence grace.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).plus(PRESENCE_GRACE).toNanos();
      while ((server.hub().connections().count() > 1
          || server.hub().rooms().list().toCompletableFuture().get().size() > 1)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(PRESENCE_GRACE.toMillis() + 100); // deferred presence updates land
      assertThat(server.hub().connections().count()).isEqualTo(1);
      assertThat(server.hub().rooms().members(dev.wsm.core.RoomId.of("lobby"))
          .toCompletableFuture().get()).containsExactly(UserId.of("watcher"));
      assertThat(server.hub().rooms().list().toCompletableFuture().get())
          .as("ephemeral rooms are gone with their last member")
          .extracting(r -> r.id().value()).containsExactly("lobby");
      assertThat(server.hub().rooms().localConnections(dev.wsm.core.RoomId.of("lobby"))).hasSize(1);
      for (int u = 0; u < 10; u++) {
        assertThat(server.hub().presence().presence(UserId.of("cycler" + u)).toCompletableFuture()
            .get().status()).isEqualTo(PresenceStatus.OFFLINE);
      }
    }
  }
}
