package dev.wsm.store.redis;

import dev.wsm.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A device that closes while its node cannot reach Redis: once Redis is back, the node puts what
 * Redis missed, so the device stops counting in the user's presence and against the per-user
 * connection limit on the other nodes.
 */
class OutageRepairIT {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final UserId ADA = UserId.of("ada");

  private final RedisTestServer redis = RedisTestServer.shared();
  private final RedisOptions base = redis.options();
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
    redis.deleteKeys(base.keyPrefix());
  }

  private <T extends AutoCloseable> T closing(T resource) {
    closeAfter.add(resource);
    return resource;
  }

  private TestServer node(RedisOptions options) {
    return closing(TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(1),
        LimitOptions.NONE, new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new RedisStoreModule(options)));
  }

  private static int devices(TestServer node) {
    try {
      return node.hub().presence().presence(ADA).toCompletableFuture().get(5, TimeUnit.SECONDS)
          .devices();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void within(Duration limit, String what, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what + " within " + limit).isNegative();
      Thread.sleep(100);
    }
  }

  /**
   * Whether a new connection of ada on {@code node} stays open for half a second: not when it is
   * closed late (4029) or, once the node knows the user is at the cluster-wide cap, refused (429).
   */
  private boolean admitted(TestServer node) {
    TestClient client;
    try {
      client = closing(TestClient.connect(node.uri("ada")));
    } catch (TestClient.HandshakeRefused refused) {
      return false;
    }
    try {
      client.closed().get(500, TimeUnit.MILLISECONDS);
      return false;
    } catch (TimeoutException stillOpen) {
      return true;
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aDeviceThatClosedWhileRedisWasUnreachableStopsCountingSoonAfterRedisReturns()
      throws Exception {
    URI real = base.uri();
    TcpProxy cable = closing(new TcpProxy(real.getPort()));
    URI viaCable = new URI(real.getScheme(), real.getUserInfo(), "127.0.0.1",
        Integer.parseInt(cable.uri().getAuthority().split(":")[1]), real.getPath(), null, null);
    TestServer a = node(base.withUri(viaCable).withTimeouts(Duration.ofSeconds(1),
        COMMAND_TIMEOUT));
    TestServer b = node(base);
    TestClient phone = closing(a.connect("ada"));
    within(Duration.ofSeconds(5), "ada's device counted", () -> devices(b) == 1);

    cable.refuse(true);
    cable.dropAll();
    phone.close();
    Thread.sleep(COMMAND_TIMEOUT.toMillis() * 2); // node a's writes fail meanwhile
    assertThat(devices(b)).as("what Redis holds during the outage").isEqualTo(1);
    cable.refuse(false);

    within(Duration.ofSeconds(5), "ada offline on node b", () -> devices(b) == 0);
    within(Duration.ofSeconds(5), "ada admitted on node b", () -> admitted(b));
  }
}
