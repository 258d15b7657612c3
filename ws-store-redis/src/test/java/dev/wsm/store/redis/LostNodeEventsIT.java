package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.HubOptions;
import dev.wsm.core.PresenceStatus;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL (its own JVM: no close frames, no lease release) among three nodes on
 * real Redis: once its lease runs out, exactly one surviving node announces what its connections
 * would have announced on a normal disconnect, and the members on both other nodes receive it
 * once: the rooms' {@code left}, and the new {@code presence} of a user with a device left elsewhere;
 * a user with none left reads offline and gets no presence frame, as after a normal close.
 */
class LostNodeEventsIT {
  private static final Duration LEASE = Duration.ofSeconds(3);
  /** The lease, a renewal period of a survivor (which reaps), and slack for a loaded machine. */
  private static final Duration ANNOUNCED_WITHIN = LEASE.plus(LEASE.dividedBy(3)).plusSeconds(3);
  private static final String SECRET = "lost-node-events-it-secret-0123456789";

  private final RedisOptions options = RedisTestServer.shared().options().withPresenceLease(LEASE);
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
    RedisTestServer.shared().deleteKeys(options.keyPrefix());
  }

  /** A survivor whose presence grace (1 s) is shorter than the lease: nothing left to wait. */
  private TestServer node() {
    return node(Duration.ofSeconds(1));
  }

  private TestServer node(Duration grace) {
    TestServer s = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options),
        binder -> OptionalBinder.newOptionalBinder(binder, ResumeOptions.class).setBinding()
            .toInstance(ResumeOptions.DEFAULTS.withSecret(SECRET)
                .withPresenceGrace(grace)));
    closeAfter.add(s);
    return s;
  }

  private TestClient connect(URI uri) {
    TestClient client = TestClient.connectWelcomed(uri);
    closeAfter.add(client);
    return client;
  }

  private static void join(TestClient client, String room) {
    assertThat(client.request("type", "join", "room", room).path("ok").asBoolean()).isTrue();
  }

  private static Predicate<JsonNode> presence(String user, String status, int devices) {
    return f -> "presence".equals(f.path("type").asText()) && user.equals(f.path("user").asText())
        && status.equals(f.path("status").asText()) && f.path("devices").asInt() == devices;
  }

  private static Predicate<JsonNode> left(String user) {
    return f -> "left".equals(f.path("type").asText()) && user.equals(f.path("user").asText())
        && "lobby".equals(f.path("room").asText());
  }

  private static long count(TestClient client, Predicate<JsonNode> match) {
    return client.received().stream().filter(match).count();
  }

  @Test
  void aKilledNodesUsersAreAnnouncedLeavingOnceOnEveryOtherNodeAndReadOffline() throws Exception {
    NodeProcess doomed = new NodeProcess(options, LEASE, SECRET);
    closeAfter.add(doomed);
    TestServer b = node();
    TestServer c = node();
    String doomedUrl = "ws://127.0.0.1:" + doomed.port() + "/ws?user=";
    TestClient carol = connect(URI.create(doomedUrl + "carol"));
    TestClient adaPhone = connect(URI.create(doomedUrl + "ada"));
    TestClient adaLaptop = connect(b.uri("ada"));
    TestClient bob = connect(b.uri("bob"));
    TestClient dave = connect(c.uri("dave"));
    for (TestClient member : List.of(carol, adaPhone, bob, dave)) {
      join(member, "lobby");
    }
    bob.await(f -> "joined".equals(f.path("type").asText()) && "dave".equals(f.path("user").asText()));

    doomed.kill();
    long killedAt = System.nanoTime();

    for (TestClient member : List.of(bob, dave)) {
      member.await(left("carol"), ANNOUNCED_WITHIN);
      member.await(left("ada"), ANNOUNCED_WITHIN);
      member.await(presence("ada", "online", 1), ANNOUNCED_WITHIN);
    }
    adaLaptop.await(presence("ada", "online", 1), ANNOUNCED_WITHIN);
    System.out.println("announced " + Duration.ofNanos(System.nanoTime() - killedAt).toMillis()
        + " ms after the kill");

    Thread.sleep(LEASE.toMillis()); // a second announcement (another survivor's reap) comes by now
    for (TestClient member : List.of(bob, dave)) {
      // As on a normal close of a last device: the rooms get left, no presence frame.
      assertThat(count(member, f -> "presence".equals(f.path("type").asText())
          && "carol".equals(f.path("user").asText()))).as("no presence frame for carol").isZero();
      assertThat(count(member, left("carol"))).as("carol left, once").isEqualTo(1);
      assertThat(count(member, left("ada"))).as("ada left, once").isEqualTo(1);
      assertThat(count(member, presence("ada", "online", 1))).as("ada's one device, once")
          .isEqualTo(1);
    }
    assertThat(count(adaLaptop, presence("ada", "online", 1))).isEqualTo(1);
    assertThat(b.hub().presence().presence(UserId.of("carol")).toCompletableFuture()
        .get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(PresenceStatus.OFFLINE);
  }

  @Test
  void aUserBackOnAnotherNodeWithinTheGraceIsNotAnnouncedLeavingOrOffline() throws Exception {
    Duration grace = LEASE.plusSeconds(3);
    NodeProcess doomed = new NodeProcess(options, LEASE, SECRET);
    closeAfter.add(doomed);
    TestServer b = node(grace);
    TestServer c = node(grace);
    TestClient carol = connect(URI.create("ws://127.0.0.1:" + doomed.port() + "/ws?user=carol"));
    TestClient bob = connect(b.uri("bob"));
    TestClient dave = connect(c.uri("dave"));
    for (TestClient member : List.of(carol, bob, dave)) {
      join(member, "lobby");
    }

    doomed.kill();
    long killedAt = System.nanoTime();
    TestClient carolAgain = connect(b.uri("carol"));
    join(carolAgain, "lobby");

    // After the rest of the grace, the dead device is announced gone: carol still has one.
    for (TestClient member : List.of(bob, dave)) {
      member.await(presence("carol", "online", 1), grace.plus(LEASE.dividedBy(3)).plusSeconds(3));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("not before the grace")
        .isGreaterThan(grace.minusMillis(300));
    for (TestClient member : List.of(bob, dave)) {
      assertThat(count(member, left("carol"))).as("no left").isZero();
      assertThat(count(member, presence("carol", "offline", 0))).as("no offline").isZero();
      assertThat(count(member, f -> "joined".equals(f.path("type").asText())
          && "carol".equals(f.path("user").asText()))).as("no joined again").isZero();
    }
  }
}
