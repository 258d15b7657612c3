package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes (two connectors) racing on the same rooms in one Redis. */
class RedisRacingNodesTest {
  private static final RoomId LOBBY = RoomId.of("lobby");

  private final RedisTestServer server = RedisTestServer.shared();
  private final RedisOptions options = server.options();
  private final RedisConnector nodeA = started(options);
  private final RedisConnector nodeB = started(options);

  private static RedisConnector started(RedisOptions options) {
    RedisConnector c = new RedisConnector(options);
    c.start();
    return c;
  }

  @AfterEach
  void stopNodes() {
    nodeA.stop(Duration.ofSeconds(1));
    nodeB.stop(Duration.ofSeconds(1));
    server.deleteKeys(options.keyPrefix());
  }

  @Test
  void joinsRacingOnTwoNodesNeverExceedTheMemberLimit() throws Exception {
    RedisRoomStore a = new RedisRoomStore(nodeA, options, new NodeLease(nodeA, options));
    RedisRoomStore b = new RedisRoomStore(nodeB, options, new NodeLease(nodeB, options));
    int limit = 7;
    int joiners = 60;
    a.create(new RoomRecord(LOBBY, "", null, limit, null, Instant.EPOCH, null, false))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<JoinOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < joiners; i++) {
        RedisRoomStore node = i % 2 == 0 ? a : b;
        UserId user = UserId.of("user" + i);
        ConnectionId connection = ConnectionId.of("c" + i);
        outcomes.add(pool.submit(() -> {
          go.await();
          return node.addMember(LOBBY, user, connection).toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
        }));
      }
      go.countDown();
      List<JoinOutcome> results = new ArrayList<>();
      for (Future<JoinOutcome> f : outcomes) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }

      assertThat(results).filteredOn(o -> o == JoinOutcome.JOINED_FIRST_DEVICE).hasSize(limit);
      assertThat(results).filteredOn(o -> o == JoinOutcome.FULL).hasSize(joiners - limit);
      assertThat(a.members(LOBBY).toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(limit);
      assertThat(b.members(LOBBY).toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(limit);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void appendsRacingOnTwoNodesGetEveryOffsetOnceUnderOneEpoch() throws Exception {
    RedisMessageStore a = new RedisMessageStore(nodeA, options, Clock.systemUTC());
    RedisMessageStore b = new RedisMessageStore(nodeB, options, Clock.systemUTC());
    String epochA = a.position(LOBBY).toCompletableFuture().get(5, TimeUnit.SECONDS).epoch();
    List<CompletableFuture<Long>> offsets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RedisMessageStore node = i % 2 == 0 ? a : b;
      offsets.add(node.append(new StoredMessage(
              MessageId.of("m" + i), LOBBY, null, null, null, "{}".getBytes(StandardCharsets.UTF_8), false,
              null, Instant.now(), null, 0))
          .toCompletableFuture().thenApply(StoredMessage::offset));
    }
    List<Long> all = new ArrayList<>();
    for (CompletableFuture<Long> f : offsets) {
      all.add(f.get(10, TimeUnit.SECONDS));
    }

    assertThat(all).containsExactlyInAnyOrderElementsOf(
        LongStream.rangeClosed(1, 200).boxed().toList());
    assertThat(b.position(LOBBY).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo(new StreamPosition(epochA, 200));
  }
}
