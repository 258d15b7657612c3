package dev.wsm.store.redis;

import dev.wsm.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.client.Backoff;
import dev.wsm.client.ClientState;
import dev.wsm.client.PublishResult;
import dev.wsm.client.Recovered;
import dev.wsm.client.RoomMessage;
import dev.wsm.client.WsmClient;
import dev.wsm.core.HubOptions;
import dev.wsm.core.Presence;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL (its own JVM: no goodbye, no close frame, no lease release) among
 * three nodes on real Redis stores and bus: its users' presence clears within the lease, and a
 * client behind a load balancer (a TCP proxy) reconnects to another node and recovers its room
 * without loss or repeat while a publisher on a third node goes on.
 */
class KillNodeIT {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0);
  private static final String SECRET = "kill-node-it-secret-0123456789abcdef";

  private final RedisOptions options = RedisTestServer.shared().options().withPresenceLease(LEASE);
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
    RedisTestServer.shared().deleteKeys(options.keyPrefix());
  }

  private TestServer node() {
    TestServer s = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options),
        binder -> OptionalBinder.newOptionalBinder(binder, ResumeOptions.class).setBinding()
            .toInstance(ResumeOptions.DEFAULTS.withSecret(SECRET)));
    closeAfter.add(s);
    return s;
  }

  private WsmClient client(URI uri, String user, List<RoomMessage> messages,
      List<Recovered> recovered) {
    WsmClient client = WsmClient.builder(uri).user(user).backoff(FAST)
        .onMessage(messages::add).onRecovered(recovered::add).build();
    closeAfter.add(client);
    get(client.connect());
    return client;
  }

  private static <T> T get(CompletableFuture<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Presence presence(TestServer node, String user) throws Exception {
    return node.hub().presence().presence(UserId.of(user)).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void aKilledNodesUsersGoOfflineWithinTheLeaseAndItsClientsRecoverOnAnotherNode()
      throws Exception {
    NodeProcess doomed = new NodeProcess(options, LEASE, SECRET);
    closeAfter.add(doomed);
    TestServer b = node();
    TestServer c = node();
    TcpProxy balancer = new TcpProxy(doomed.port());
    closeAfter.add(balancer);
    URI doomedUri = URI.create("ws://127.0.0.1:" + doomed.port() + "/ws?user=carol");
    TestClient carol = TestClient.connectWelcomed(doomedUri);
    closeAfter.add(carol);

    List<RoomMessage> got = new CopyOnWriteArrayList<>();
    List<Recovered> recovered = new CopyOnWriteArrayList<>();
    WsmClient alice = client(balancer.uri(), "alice", got, recovered);
    get(alice.join("feed"));
    WsmClient bob = client(URI.create(c.hub().url()), "bob", new CopyOnWriteArrayList<>(),
        new CopyOnWriteArrayList<>());
    get(bob.join("feed"));
    assertThat(presence(b, "carol").devices()).isEqualTo(1);
    assertThat(presence(b, "alice").devices()).isEqualTo(1);

    int total = 600;
    ExecutorService publisher = Executors.newSingleThreadExecutor();
    long killedAt;
    try {
      Future<?> done = publisher.submit(() -> {
        for (int i = 0; i < total; i += 20) {
          List<CompletableFuture<PublishResult>> window = new ArrayList<>();
          for (int j = 1; j <= 20; j++) {
            window.add(bob.publish("feed", IntNode.valueOf(i + j)));
          }
          CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
              .get(10, TimeUnit.SECONDS);
          Thread.sleep(5);
        }
        return null;
      });
      awaitCount(got, 100);

      balancer.retarget(b.hub().address().getPort());
      doomed.kill();
      killedAt = System.nanoTime();

      // carol had no other device: she is offline once the dead node's lease has run out.
      while (presence(b, "carol").devices() != 0) {
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
            .as("carol offline within the lease").isLessThan(LEASE.plusSeconds(2));
        Thread.sleep(100);
      }
      Duration offlineAfter = Duration.ofNanos(System.nanoTime() - killedAt);
      System.out.println("carol offline " + offlineAfter.toMillis() + " ms after the kill");
      done.get(60, TimeUnit.SECONDS);
    } finally {
      publisher.shutdownNow();
    }

    awaitCount(got, total);
    Thread.sleep(300); // a repeat would arrive by now
    assertThat(got).extracting(RoomMessage::offset).as("each offset once, in order")
        .isEqualTo(oneTo(total));
    assertThat(got).extracting(m -> m.data().asInt()).isEqualTo(
        oneTo(total).stream().map(Long::intValue).toList());
    assertThat(recovered).extracting(Recovered::room).contains("feed");
    assertThat(alice.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(presence(c, "alice").devices()).isEqualTo(1);
  }

  private static void awaitCount(List<RoomMessage> got, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (got.size() < n) {
      assertThat(System.nanoTime() - deadline).as(n + " messages, got " + got.size())
          .isNegative();
      Thread.sleep(20);
    }
  }

  private static List<Long> oneTo(int n) {
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      expected.add(i);
    }
    return expected;
  }
}
