package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-user and per-address connection limits over three real nodes sharing one Redis: a node
 * that holds none of a user's connections still refuses the one past the cluster-wide limit (late,
 * with close code 4029, then at the handshake with 429 while it knows the limit is reached), and a
 * slot freed on one node can be taken on another.
 */
class ClusterLimitsIT {
  private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

  private final RedisOptions options = RedisTestServer.shared().options();
  private final List<TestServer> nodes = new ArrayList<>();
  private final List<TestClient> clients = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    clients.forEach(TestClient::close);
    nodes.forEach(TestServer::close);
    RedisTestServer.shared().deleteKeys(options.keyPrefix());
  }

  private TestServer node(HubOptions hub, LimitOptions limits) {
    TestServer s = TestServer.start(hub, limits,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options));
    nodes.add(s);
    return s;
  }

  private TestClient connect(TestServer node, String user) {
    TestClient client = node.connect(user);
    clients.add(client);
    return client;
  }

  /**
   * Opens a connection without waiting for its welcome (it may be closed first); throws {@link
   * TestClient.HandshakeRefused} when refused at the handshake.
   */
  private TestClient open(TestServer node, String user) {
    TestClient client = TestClient.connect(node.uri(user));
    clients.add(client);
    return client;
  }

  @Test
  void aUserLimitedToTwoConnectionsIsRefusedTheThirdOnANodeHoldingNoneOfThem() {
    HubOptions hub = HubOptions.DEFAULTS.withMaxConnectionsPerUser(2);
    TestServer a = node(hub, LimitOptions.NONE);
    TestServer b = node(hub, LimitOptions.NONE);
    TestServer c = node(hub, LimitOptions.NONE);
    TestClient phone = connect(a, "ada");
    TestClient laptop = connect(b, "ada");
    TestClient other = connect(c, "bob");

    TestClient third = open(c, "ada");

    TestClient.CloseInfo closed = third.awaitClose(CLOSE_WITHIN);
    assertThat(closed.code()).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
    assertThat(closed.reason()).contains("too many connections for this user");
    assertThat(phone.isOpen()).isTrue();
    assertThat(laptop.isOpen()).isTrue();
    assertThat(other.isOpen()).isTrue();
  }

  @Test
  void aSlotFreedOnOneNodeCanBeTakenOnAnother() throws InterruptedException {
    HubOptions hub = HubOptions.DEFAULTS.withMaxConnectionsPerUser(1);
    TestServer a = node(hub, LimitOptions.NONE);
    TestServer b = node(hub, LimitOptions.NONE);
    TestClient first = connect(a, "ada");
    assertThat(open(b, "ada").awaitClose(CLOSE_WITHIN).code())
        .isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);

    first.close();

    // The release is asynchronous: retry for a bounded time until node b admits.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    boolean admitted = false;
    while (!admitted && System.nanoTime() < deadline) {
      admitted = attempt(b, "ada") == Outcome.ADMITTED;
      if (!admitted) {
        Thread.sleep(100);
      }
    }
    assertThat(admitted).as("ada admitted on node b after leaving node a").isTrue();
  }

  /** How a connection attempt ended. */
  private enum Outcome { REFUSED_429, CLOSED_4029, ADMITTED }

  /** Connects; a connection still open after 500 ms counts as admitted. */
  private Outcome attempt(TestServer node, String user) {
    TestClient client;
    try {
      client = open(node, user);
    } catch (TestClient.HandshakeRefused refused) {
      assertThat(refused.status()).isEqualTo(429);
      return Outcome.REFUSED_429;
    }
    try {
      TestClient.CloseInfo closed = client.closed().get(500, TimeUnit.MILLISECONDS);
      assertThat(closed.code()).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
      return Outcome.CLOSED_4029;
    } catch (TimeoutException stillOpen) {
      return Outcome.ADMITTED;
    } catch (ExecutionException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Tries {@code user} on {@code node} until refused at the handshake; at most one late refusal
   * (4029) may come first, none may be admitted. Then two more tries are refused with 429 too.
   */
  private void assertRefusedAtTheHandshake(TestServer node, String user) {
    Outcome first = attempt(node, user);
    assertThat(first).isNotEqualTo(Outcome.ADMITTED);
    if (first == Outcome.CLOSED_4029) {
      assertThat(attempt(node, user)).as("after one late refusal").isEqualTo(Outcome.REFUSED_429);
    }
    assertThat(attempt(node, user)).isEqualTo(Outcome.REFUSED_429);
    assertThat(attempt(node, user)).isEqualTo(Outcome.REFUSED_429);
  }

  /** Tries {@code user} on {@code node} until admitted, for at most {@code within}. */
  private Duration admittedWithin(TestServer node, String user, Duration within)
      throws InterruptedException {
    long start = System.nanoTime();
    while (attempt(node, user) != Outcome.ADMITTED) {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("admitted within " + within)
          .isLessThan(within);
      Thread.sleep(100);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void aUserAtItsClusterLimitIsRefusedWith429AtTheHandshakeAfterAtMostOneLateRefusal()
      throws InterruptedException {
    HubOptions hub = HubOptions.DEFAULTS.withMaxConnectionsPerUser(2);
    TestServer a = node(hub, LimitOptions.NONE);
    TestServer b = node(hub, LimitOptions.NONE);
    TestServer c = node(hub, LimitOptions.NONE);
    TestClient phone = connect(a, "ada");
    connect(b, "ada");

    assertRefusedAtTheHandshake(c, "ada");
    TestClient.HandshakeRefused refused = catchRefusal(() -> open(c, "ada"));
    assertThat(refused.getMessage()).contains("too many connections for this user (limit 2)");

    phone.close();

    System.out.println("ada admitted on c " + admittedWithin(c, "ada", Duration.ofSeconds(5))
        .toMillis() + " ms after a slot freed on a");
  }

  @Test
  void anAddressAtItsClusterLimitIsRefusedWith429AtTheHandshakeUntilASlotFrees()
      throws InterruptedException {
    LimitOptions limits = LimitOptions.NONE.withMaxConnectionsPerIp(2);
    TestServer a = node(HubOptions.DEFAULTS, limits);
    TestServer b = node(HubOptions.DEFAULTS, limits);
    TestServer c = node(HubOptions.DEFAULTS, limits);
    TestClient first = connect(a, "u1");
    connect(b, "u2");

    assertRefusedAtTheHandshake(c, "u3");
    assertThat(catchRefusal(() -> open(c, "u4")).getMessage())
        .contains("too many connections from this address (limit 2)");

    first.close();

    admittedWithin(c, "u5", Duration.ofSeconds(5));
  }

  private static TestClient.HandshakeRefused catchRefusal(Runnable connect) {
    try {
      connect.run();
    } catch (TestClient.HandshakeRefused refused) {
      return refused;
    }
    throw new AssertionError("the handshake was not refused");
  }

  @Test
  void anAddressAtItsLimitOverTheClusterIsRefusedOnAnotherNode() {
    LimitOptions limits = LimitOptions.NONE.withMaxConnectionsPerIp(3);
    TestServer a = node(HubOptions.DEFAULTS, limits);
    TestServer b = node(HubOptions.DEFAULTS, limits);
    TestServer c = node(HubOptions.DEFAULTS, limits);
    connect(a, "u1");
    connect(a, "u2");
    connect(b, "u3");

    TestClient fourth = open(c, "u4");

    TestClient.CloseInfo closed = fourth.awaitClose(CLOSE_WITHIN);
    assertThat(closed.code()).isEqualTo(CloseCodes.TOO_MANY_CONNECTIONS);
    assertThat(closed.reason()).contains("too many connections from this address");
  }
}
