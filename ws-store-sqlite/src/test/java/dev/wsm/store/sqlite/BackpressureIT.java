package dev.wsm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Module;
import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.javawebsocket.JavaWebSocketOptions;
import dev.wsm.transport.javawebsocket.JavaWebSocketTransportModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back-pressure end to end: a publisher pipelines far more publishes than the SQLite writer's queue
 * holds, without waiting for replies. The server stops reading it while its publishes wait on the
 * store instead of refusing them, so every publish is answered ok and the subscriber receives
 * every message once, in offset order.
 */
class BackpressureIT {
  private static final int PUBLISHES = 20_000;

  @TempDir
  Path dir;

  /**
   * Each transport with a writer queue just above what it may read past a suspension: Netty one
   * frame, Java-WebSocket its shared read buffers (2 × workers + 1 of 64 KiB).
   */
  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of("netty", new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), 256),
        Arguments.of("java-websocket", new JavaWebSocketTransportModule(
            JavaWebSocketOptions.DEFAULTS.withPort(0).withWorkers(2)), 8192));
  }

  @ParameterizedTest(name = "{0}, writer queue {2}")
  @MethodSource("transports")
  void aPublisherFloodingTheStoreIsSlowedDownAndNothingIsRefusedOrLost(String name,
      Module transport, int writeQueue) throws Exception {
    SqliteOptions sqlite = SqliteOptions.at(dir.resolve("wsm.db")).withWriteQueue(writeQueue, 64);
    try (TestServer server = TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0),
        transport, new SqliteStoreModule(sqlite));
        TestClient subscriber = server.connect("subscriber");
        TestClient publisher = server.connect("publisher")) {
      assertThat(subscriber.request("type", "join", "room", "flood").path("ok").asBoolean()).isTrue();
      assertThat(publisher.request("type", "join", "room", "flood").path("ok").asBoolean()).isTrue();

      for (int i = 0; i < PUBLISHES; i++) { // pipelined: no waiting for the replies
        publisher.sendText("{\"type\":\"publish\",\"ref\":\"p" + i
            + "\",\"room\":\"flood\",\"data\":{\"n\":" + i + "}}");
      }

      Predicate<JsonNode> reply = f -> "reply".equals(f.path("type").asText())
          && f.path("ref").asText().startsWith("p");
      awaitCount(publisher, reply, PUBLISHES);
      List<JsonNode> replies = publisher.received().stream().filter(reply).toList();
      assertThat(replies.stream().filter(f -> !f.path("ok").asBoolean()).limit(3).toList())
          .as("publishes refused (of %d)", replies.size()).isEmpty();
      assertThat(replies).hasSize(PUBLISHES);

      Predicate<JsonNode> message = f -> "message".equals(f.path("type").asText());
      awaitCount(subscriber, message, PUBLISHES);
      List<Long> offsets = new ArrayList<>();
      for (JsonNode f : subscriber.received()) {
        if (message.test(f)) {
          offsets.add(f.path("offset").asLong());
        }
      }
      List<Long> expected = new ArrayList<>();
      for (long o = 1; o <= PUBLISHES; o++) {
        expected.add(o);
      }
      assertThat(offsets).as("every message once, in offset order").isEqualTo(expected);
      assertThat(publisher.isOpen()).isTrue();
    }
  }

  /** Waits until {@code client} has received {@code n} frames matching (60 s at most). */
  private static void awaitCount(TestClient client, Predicate<JsonNode> match, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      seen = client.received().stream().filter(match).count();
      if (seen >= n) {
        return;
      }
      Thread.sleep(100);
    }
  }
}
