package dev.wsm.client;

import dev.wsm.testkit.TcpProxy;
import static dev.wsm.client.WsmClientIT.WAIT;
import static dev.wsm.client.WsmClientIT.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Heartbeats against a hub that pings every 100 ms and drops connections silent for 500 ms. */
class HeartbeatIT {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(
        HubOptions.DEFAULTS.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500)),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aQuietClientAnswersPingsAndStaysConnectedLongAfterTheHeartbeatTimeout() throws Exception {
    Recorder a = new Recorder();
    try (WsmClient alice = a.attach(WsmClient.builder(URI.create(server.hub().url()))
        .user("quiet")).build()) {
      Welcome welcome = get(alice.connect());
      assertThat(welcome.heartbeatTimeout()).isEqualTo(Duration.ofMillis(500));
      Thread.sleep(1500); // three heartbeat timeouts without sending anything
      assertThat(alice.state()).isEqualTo(ClientState.CONNECTED);
      assertThat(a.stateSequence()).containsExactly(ClientState.CONNECTING, ClientState.CONNECTED);
      assertThat(alice.welcome().orElseThrow().connection()).isEqualTo(welcome.connection());
    }
  }

  @Test
  void aConnectionSilentForLongerThanTheHeartbeatTimeoutIsDroppedAndReplaced() throws Exception {
    Recorder a = new Recorder();
    try (TcpProxy proxy = new TcpProxy(server.hub().address().getPort());
        WsmClient alice = a.attach(WsmClient.builder(proxy.uri()).user("frozen")
            .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 0))).build();
        WsmClient keeper = WsmClient.builder(URI.create(server.hub().url())).user("keeper")
            .build()) {
      get(keeper.connect());
      get(keeper.join("room")); // keeps the ephemeral room, and its epoch, while alice is away
      String first = get(alice.connect()).connection();
      get(alice.join("room"));
      long frozenAt = System.nanoTime();
      proxy.freezeAll(); // no byte passes any more, and no side is told

      StateChange dead = a.states.awaitFirst(s -> s.current() == ClientState.RECONNECTING, WAIT);
      long detectedAfterMillis = (System.nanoTime() - frozenAt) / 1_000_000;
      assertThat(dead.closeCode()).isEqualTo(1006);
      assertThat(dead.reason()).contains("heartbeat timeout: nothing received for");
      assertThat(detectedAfterMillis).as("after the 500 ms timeout, checked every 125 ms")
          .isBetween(400L, 3000L);

      a.states.awaitMatching(s -> s.get(s.size() - 1).current() == ClientState.CONNECTED, WAIT,
          "connected again");
      assertThat(alice.welcome().orElseThrow().connection()).isNotEqualTo(first);
      assertThat(a.recovered.await(1, WAIT).get(0).room()).isEqualTo("room");
    }
  }
}
