package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.Presence;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence over three real nodes sharing one Redis: a user with devices on two nodes has one
 * presence, the aggregate over both, whichever node is asked and whichever node announces it.
 */
class ClusterPresenceIT {
  private static final UserId ADA = UserId.of("ada");

  private Cluster cluster;
  private TestServer a;
  private TestServer b;
  private TestServer c;

  @BeforeEach
  void startThreeNodes() {
    cluster = new Cluster();
    a = cluster.a;
    b = cluster.b;
    c = cluster.c;
  }

  @AfterEach
  void stopEverything() {
    cluster.close();
  }

  private TestClient connect(TestServer node, String user) {
    return cluster.connect(node, user);
  }

  private static Presence presence(TestServer node, UserId user) throws Exception {
    return node.hub().presence().presence(user).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static Predicate<JsonNode> adaIs(String status, int devices) {
    return f -> "presence".equals(f.path("type").asText()) && "ada".equals(f.path("user").asText())
        && status.equals(f.path("status").asText()) && f.path("devices").asInt() == devices;
  }

  @Test
  void aUserWithDevicesOnTwoNodesReadsAsOneAggregateOnAThird() throws Exception {
    TestClient phone = connect(a, "ada");
    TestClient laptop = connect(b, "ada");

    assertThat(laptop.request("type", "presence", "status", "busy").path("ok").asBoolean())
        .isTrue();
    assertThat(phone.request("type", "presence", "status", "away", "meta",
        java.util.Map.of("mood", "calm")).path("ok").asBoolean()).isTrue();

    Presence seen = presence(c, ADA);
    assertThat(seen.status()).isEqualTo(PresenceStatus.BUSY);
    assertThat(seen.devices()).isEqualTo(2);
    assertThat(seen.meta().path("mood").asText()).isEqualTo("calm");
  }

  @Test
  void presenceEventsCarryTheAggregateOverTheNodes() {
    TestClient phone = connect(a, "ada");
    TestClient laptop = connect(b, "ada");
    TestClient bob = connect(c, "bob");
    for (TestClient member : List.of(phone, bob)) {
      assertThat(member.request("type", "join", "room", "lobby").path("ok").asBoolean()).isTrue();
    }

    phone.request("type", "presence", "status", "away");

    // The laptop on node b is still online: node a announces the aggregate, not its own view.
    bob.await(adaIs("online", 2));
    laptop.await(adaIs("online", 2));

    laptop.close();

    phone.await(adaIs("away", 1));
  }

  @Test
  void aUserWhoseLastDeviceLeftAnyNodeIsOffline() throws Exception {
    TestClient phone = connect(a, "ada");
    TestClient laptop = connect(b, "ada");
    awaitDevices(c, 2); // a welcome goes out before the node's roster put is answered

    laptop.close();
    awaitDevices(c, 1);
    phone.close();
    awaitDevices(c, 0);

    assertThat(presence(c, ADA).status()).isEqualTo(PresenceStatus.OFFLINE);
  }

  private static void awaitDevices(TestServer node, int devices) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (presence(node, ADA).devices() != devices) {
      assertThat(System.nanoTime() - deadline).as("devices reach " + devices).isNegative();
      Thread.sleep(50);
    }
  }
}
