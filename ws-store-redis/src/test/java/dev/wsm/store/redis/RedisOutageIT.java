package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.Target;
import dev.wsm.store.redis.internal.RedisClusterBus;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Redis killed under two nodes for a few seconds, then started again on the same port. */
class RedisOutageIT {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private static Predicate<JsonNode> broadcast(String text) {
    return f -> "broadcast".equals(f.path("type").asText()) && text.equals(f.path("data").asText());
  }

  @Test
  void localDeliveryGoesOnNothingBlocksAndCrossNodeDeliveryResumesSoonAfterRedisReturns()
      throws Exception {
    RedisTestServer redis = RedisTestServer.ownProcess();
    RedisOptions options = redis.options().withTimeouts(Duration.ofSeconds(1), COMMAND_TIMEOUT);
    try (redis;
        TestServer a = TestServer.start(HubOptions.DEFAULTS,
            new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options));
        TestServer b = TestServer.start(HubOptions.DEFAULTS,
            new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options));
        TestClient alice = a.connect("alice");
        TestClient bob = a.connect("bob");
        TestClient carol = b.connect("carol")) {
      assertThat(alice.request("type", "join", "room", "lobby").path("ok").asBoolean()).isTrue();
      assertThat(bob.request("type", "join", "room", "lobby").path("ok").asBoolean()).isTrue();
      a.hub().router().send(Target.all(), OutboundMessage.of(Payload.text("before")));
      carol.await(broadcast("before"));

      redis.stopProcess();
      long outageEnds = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int i = 0;
      while (System.nanoTime() < outageEnds) {
        String text = "during-" + i++;
        long start = System.nanoTime();
        a.hub().router().send(Target.all(), OutboundMessage.of(Payload.text(text)));
        JsonNode reply = alice.request("type", "typing", "room", "lobby", "typing", i % 2 == 1);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("a send and a typing request while Redis is down")
            .isLessThan(COMMAND_TIMEOUT);
        assertThat(reply.path("ok").asBoolean()).isTrue();
        bob.await(broadcast(text), Duration.ofSeconds(1));
        bob.await(f -> "typing".equals(f.path("type").asText()), Duration.ofSeconds(1));
        Thread.sleep(200);
      }

      redis.startProcess();
      long back = System.nanoTime();
      boolean resumed = false;
      for (int n = 0; n < 50 && !resumed; n++) {
        a.hub().router().send(Target.all(), OutboundMessage.of(Payload.text("after-" + n)));
        String expected = "after-" + n;
        resumed = carol.receives(broadcast(expected), Duration.ofMillis(100));
      }
      Duration tookToResume = Duration.ofNanos(System.nanoTime() - back);

      assertThat(resumed).as("cross-node delivery after Redis returned").isTrue();
      assertThat(tookToResume).isLessThan(Duration.ofSeconds(5));
      RedisClusterBus busB = b.get(RedisClusterBus.class);
      assertThat(busB.stats().resubscribes()).isGreaterThanOrEqualTo(1);
      assertThat(busB.stats().gaps()).as("messages b missed, detected").isGreaterThanOrEqualTo(1);
    }
  }
}
