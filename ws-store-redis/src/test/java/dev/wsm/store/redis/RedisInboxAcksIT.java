package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.AckScope;
import dev.wsm.core.HubOptions;
import dev.wsm.core.InboxOptions;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Inbox acks per device and up to a seq, on two real hubs (Netty) sharing a real Redis. */
class RedisInboxAcksIT {
  private static final Duration QUIET = Duration.ofMillis(500);
  private final RedisTestServer redis = RedisTestServer.shared();
  private final RedisOptions options = redis.options();

  @AfterEach
  void deleteKeys() {
    redis.deleteKeys(options.keyPrefix());
  }

  private TestServer start(AckScope scope) {
    return TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new RedisStoreModule(options),
        binder -> OptionalBinder.newOptionalBinder(binder, InboxOptions.class).setBinding()
            .toInstance(new InboxOptions(scope)));
  }

  private static TestClient device(TestServer server, String user, String device) {
    return TestClient.connectWelcomed(server.withQuery("user=" + user + "&device=" + device));
  }

  private static boolean getsADirect(TestClient client) {
    return client.receives(f -> "direct".equals(f.path("type").asText()), QUIET);
  }

  @Test
  void eachDeviceGetsTheMessageOnEitherNodeUntilItAcksIt() {
    try (TestServer nodeA = start(AckScope.DEVICE);
        TestServer nodeB = start(AckScope.DEVICE);
        TestClient alice = nodeA.connect("alice")) {
      device(nodeB, "bob", "laptop").close();
      JsonNode sent = alice.request("type", "direct", "to", "bob", "data", "hello");
      assertThat(sent.path("queued").asBoolean()).isTrue();

      long seq;
      try (TestClient phone = device(nodeA, "bob", "phone")) {
        JsonNode hello = phone.await("direct");
        assertThat(hello.path("id").asText()).isEqualTo(sent.path("id").asText());
        seq = hello.path("seq").asLong();
        assertThat(seq).isPositive();
        assertThat(phone.request("type", "ack", "upTo", seq).path("acked").asInt()).isEqualTo(1);
      }
      try (TestClient laptop = device(nodeB, "bob", "laptop")) {
        JsonNode again = laptop.await("direct");
        assertThat(again.path("seq").asLong()).as("the laptop has not acked it").isEqualTo(seq);
        assertThat(laptop.request("type", "ack", "ids", java.util.List.of(again.path("id").asText()))
            .path("acked").asInt()).isEqualTo(1);
      }
      for (String d : java.util.List.of("phone", "laptop", "tablet")) {
        try (TestClient third = device(d.equals("laptop") ? nodeB : nodeA, "bob", d)) {
          assertThat(getsADirect(third)).as("nothing left for %s", d).isFalse();
        }
      }
    }
  }

  @Test
  void inUserModeAnAckUpToFromOneDeviceClearsTheMessagesForAll() {
    try (TestServer nodeA = start(AckScope.USER);
        TestServer nodeB = start(AckScope.USER);
        TestClient alice = nodeA.connect("alice")) {
      device(nodeB, "bob", "laptop").close();
      alice.request("type", "direct", "to", "bob", "data", "one");
      alice.request("type", "direct", "to", "bob", "data", "two");
      alice.request("type", "direct", "to", "bob", "data", "three");

      try (TestClient phone = device(nodeA, "bob", "phone")) {
        phone.await("direct");
        long second = phone.await("direct").path("seq").asLong();
        phone.await("direct");
        assertThat(phone.request("type", "ack", "upTo", second).path("acked").asInt()).isEqualTo(2);
      }
      try (TestClient laptop = device(nodeB, "bob", "laptop")) {
        assertThat(laptop.await("direct").path("data").asText()).isEqualTo("three");
        assertThat(getsADirect(laptop)).isFalse();
      }
    }
  }
}
