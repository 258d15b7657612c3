package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Modules;
import dev.wsm.core.HubOptions;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.internal.ClusterRelay;
import dev.wsm.core.internal.InMemoryMessageStore;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.core.internal.MessageFrames;
import dev.wsm.core.internal.RoomFanout;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Room messages the bus lost between nodes are recovered from the message store all nodes share,
 * before the later ones. The shared store here is one in-memory store that both nodes of the JVM
 * use (as they would use the Redis one); the bus and Redis are real.
 */
class BusGapRecoveryIT {
  private static final RoomId LOBBY = RoomId.of("lobby");

  /** One store for every node, saying so. */
  private static final class SharedStore implements MessageStore {
    final MessageStore inner = new InMemoryMessageStore(InMemoryStoreOptions.DEFAULTS,
        Clock.systemUTC());

    @Override
    public CompletionStage<StoredMessage> append(StoredMessage message) {
      return inner.append(message);
    }

    @Override
    public CompletionStage<List<StoredMessage>> history(RoomId room, HistoryQuery query) {
      return inner.history(room, query);
    }

    @Override
    public CompletionStage<StreamPosition> position(RoomId room) {
      return inner.position(room);
    }

    @Override
    public CompletionStage<Void> drop(RoomId room) {
      return inner.drop(room);
    }

    @Override
    public boolean shared() {
      return true;
    }
  }

  private static TestServer node(RedisOptions options, SharedStore store) {
    return TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        Modules.override(new RedisStoreModule(options)).with(binder ->
            OptionalBinder.newOptionalBinder(binder, MessageStore.class).setBinding()
                .toInstance(store)));
  }

  private static List<JsonNode> messages(TestClient client) {
    return client.received().stream().filter(f -> "message".equals(f.path("type").asText()))
        .toList();
  }

  private static void join(TestClient client) {
    assertThat(client.request("type", "join", "room", LOBBY.value()).path("ok").asBoolean())
        .isTrue();
  }

  @Test
  void aRoomMessageTheBusNeverCarriedReachesTheOtherNodeBeforeTheNextOne() {
    RedisOptions options = RedisTestServer.shared().options();
    SharedStore store = new SharedStore();
    try (TestServer a = node(options, store);
        TestServer b = node(options, store);
        TestClient alice = a.connect("alice");
        TestClient carol = b.connect("carol")) {
      join(alice);
      join(carol);
      alice.request("type", "publish", "room", "lobby", "data", "first");
      carol.await(f -> "first".equals(f.path("data").asText()));

      // Appended by a node whose bus message was lost: in the store, never on the bus.
      store.append(new StoredMessage(MessageId.random(), LOBBY, null, UserId.of("alice"), null,
          "\"lost\"".getBytes(StandardCharsets.UTF_8), false, null, Instant.now(), null, 0));
      alice.request("type", "publish", "room", "lobby", "data", "third");
      carol.await(f -> "third".equals(f.path("data").asText()));

      assertThat(messages(carol)).extracting(f -> f.path("data").asText())
          .containsExactly("first", "lost", "third");
      assertThat(messages(carol)).extracting(f -> f.path("offset").asLong())
          .containsExactly(1L, 2L, 3L);
      assertThat(b.get(RoomFanout.class).gapStats().recovered()).isEqualTo(1);
    } finally {
      RedisTestServer.shared().deleteKeys(options.keyPrefix());
    }
  }

  @Test
  void aHoleBelowThisNodesOwnMessageIsFilledLateAndALateBusCopyIsDropped() {
    RedisOptions options = RedisTestServer.shared().options();
    SharedStore store = new SharedStore();
    try (TestServer a = node(options, store);
        TestServer b = node(options, store);
        TestClient alice = a.connect("alice");
        TestClient carol = b.connect("carol");
        TestClient dave = b.connect("dave")) {
      join(alice);
      join(carol);
      join(dave);
      alice.request("type", "publish", "room", "lobby", "data", "first");
      dave.await(f -> "first".equals(f.path("data").asText()));

      StoredMessage lost = await(store.append(new StoredMessage(MessageId.random(), LOBBY, null,
          UserId.of("alice"), null, "\"lost\"".getBytes(StandardCharsets.UTF_8), false, null,
          Instant.now(), null, 0)));
      // carol's own node fans out offset 3 at once; offset 2 follows from the store.
      carol.request("type", "publish", "room", "lobby", "data", "third");
      dave.await(f -> "third".equals(f.path("data").asText()));
      dave.await(f -> "lost".equals(f.path("data").asText()), Duration.ofSeconds(3));
      // The bus copy of offset 2 turns up after all: delivered already, so dropped.
      a.get(dev.wsm.core.spi.ClusterBus.class).publish(new dev.wsm.core.spi.ClusterMessage(
          a.get(ClusterRelay.class).node(), dev.wsm.core.Target.room(LOBBY),
          MessageFrames.frame("message", lost), lost.offset()));
      alice.request("type", "publish", "room", "lobby", "data", "fourth");
      dave.await(f -> "fourth".equals(f.path("data").asText()));

      assertThat(messages(dave)).extracting(f -> f.path("data").asText())
          .containsExactly("first", "third", "lost", "fourth");
      assertThat(b.get(RoomFanout.class).gapStats().recovered()).isEqualTo(1);
      assertThat(b.get(RoomFanout.class).gapStats().duplicates()).isEqualTo(1);
    } finally {
      RedisTestServer.shared().deleteKeys(options.keyPrefix());
    }
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void roomMessagesPublishedWhileRedisWasDownReachTheOtherNodeInOrderOnceItIsBack()
      throws Exception {
    RedisTestServer redis = RedisTestServer.ownProcess();
    RedisOptions options = redis.options().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
    SharedStore store = new SharedStore();
    try (redis;
        TestServer a = node(options, store);
        TestServer b = node(options, store);
        TestClient alice = a.connect("alice");
        TestClient carol = b.connect("carol")) {
      join(alice);
      join(carol);
      alice.request("type", "publish", "room", "lobby", "data", "before");
      carol.await(f -> "before".equals(f.path("data").asText()));

      redis.stopProcess();
      for (int i = 0; i < 5; i++) {
        alice.request("type", "publish", "room", "lobby", "data", "during-" + i);
      }
      Thread.sleep(1500); // the bus gives up on them after the command timeout
      redis.startProcess();

      boolean back = false;
      for (int n = 0; n < 50 && !back; n++) {
        alice.request("type", "publish", "room", "lobby", "data", "after-" + n);
        back = carol.receives(f -> f.path("data").asText().startsWith("after-"),
            Duration.ofMillis(100));
      }
      assertThat(back).isTrue();

      List<JsonNode> got = messages(carol);
      assertThat(got).extracting(f -> f.path("data").asText())
          .startsWith("before", "during-0", "during-1", "during-2", "during-3", "during-4");
      long[] offsets = got.stream().mapToLong(f -> f.path("offset").asLong()).toArray();
      for (int i = 0; i < offsets.length; i++) {
        assertThat(offsets[i]).as("offset %d of what carol got", i).isEqualTo(i + 1);
      }
      assertThat(b.get(RoomFanout.class).gapStats().recovered()).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void theLastRoomMessagesBeforeAnOutageAreRecoveredWhenRedisReturnsWithoutALaterMessage()
      throws Exception {
    RedisTestServer redis = RedisTestServer.ownProcess();
    RedisOptions options = redis.options().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
    SharedStore store = new SharedStore();
    try (redis;
        TestServer a = node(options, store);
        TestServer b = node(options, store);
        TestClient alice = a.connect("alice");
        TestClient carol = b.connect("carol")) {
      join(alice);
      join(carol);
      alice.request("type", "publish", "room", "lobby", "data", "before");
      carol.await(f -> "before".equals(f.path("data").asText()));

      redis.stopProcess();
      alice.request("type", "publish", "room", "lobby", "data", "during-0");
      alice.request("type", "publish", "room", "lobby", "data", "during-1");
      Thread.sleep(1500);
      redis.startProcess();
      long back = System.nanoTime();

      carol.await(f -> "during-1".equals(f.path("data").asText()), Duration.ofSeconds(5));
      assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(5));
      assertThat(messages(carol)).extracting(f -> f.path("data").asText())
          .containsExactly("before", "during-0", "during-1");
    }
  }

  @Test
  void aClientOfAStoppedNodeResumesOnAnotherNodeWithoutLosingARoomMessage() {
    RedisOptions options = RedisTestServer.shared().options();
    SharedStore store = new SharedStore();
    try (TestServer a = node(options, store);
        TestClient alice = a.connect("alice")) {
      join(alice);
      TestServer b = node(options, store);
      String session;
      String epoch;
      long offset;
      try (b; TestClient carol = b.connect("carol")) {
        session = carol.received().get(0).path("session").asText();
        JsonNode joined = carol.request("type", "join", "room", "lobby");
        epoch = joined.path("stream").path("epoch").asText();
        alice.request("type", "publish", "room", "lobby", "data", "seen");
        offset = carol.await(f -> "seen".equals(f.path("data").asText())).path("offset").asLong();
      } // node b goes away with carol's connection
      alice.request("type", "publish", "room", "lobby", "data", "missed-1");
      alice.request("type", "publish", "room", "lobby", "data", "missed-2");

      try (TestClient carolAgain = a.connect("carol")) {
        JsonNode reply = carolAgain.request("type", "resume", "session", session, "rooms",
            List.of(java.util.Map.of("room", "lobby", "epoch", epoch, "offset", offset)));
        assertThat(reply.path("ok").asBoolean()).isTrue();
        JsonNode recovered = carolAgain.await("recovered");
        assertThat(recovered.path("recovered").asBoolean()).isTrue();
        assertThat(messages(carolAgain)).extracting(f -> f.path("data").asText())
            .containsExactly("missed-1", "missed-2");
      }
    } finally {
      RedisTestServer.shared().deleteKeys(options.keyPrefix());
    }
  }
}
