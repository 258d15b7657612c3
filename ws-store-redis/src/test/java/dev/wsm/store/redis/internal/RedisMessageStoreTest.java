package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.MessageStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The stream contract on Redis. Durable across a restart of the node (new connector, new store):
 * the streams, their epochs and offsets live in Redis. Whether they survive a restart of Redis
 * itself depends on its persistence (RDB/AOF), which the test server has off.
 */
class RedisMessageStoreTest extends MessageStoreContract {
  private static final RoomId LOBBY = RoomId.of("lobby");
  private static StoreHarness harness;
  private RedisOptions options;

  @BeforeAll
  static void connect() {
    harness = new StoreHarness();
  }

  @AfterAll
  static void cleanUp() {
    harness.close();
  }

  @Override
  protected MessageStore createStore(Clock clock) {
    options = harness.fresh();
    return new RedisMessageStore(harness.connector(), options, clock);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected MessageStore reopen() {
    return new RedisMessageStore(harness.restart(), options, clock);
  }

  @Test
  void streamsAreTrimmedToTheNewestHistoryPerRoomAndAnEvictedIdIsNewAgain() throws Exception {
    RedisOptions small = harness.fresh().withHistory(5, Duration.ofDays(1));
    MutableClock time = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    RedisMessageStore store = new RedisMessageStore(harness.connector(), small, time);
    for (int i = 1; i <= 12; i++) {
      append(store, "m" + i, time.instant());
    }

    assertThat(offsets(store, 10)).containsExactly(8L, 9L, 10L, 11L, 12L);
    assertThat(harness.connector().connection().sync().hlen(new Keys(small.keyPrefix())
        .streamIds(LOBBY))).as("the id index is trimmed with the stream").isEqualTo(5);
    assertThat(append(store, "m1", time.instant()).offset()).isEqualTo(13);
    assertThat(append(store, "m12", time.instant()).offset()).as("still held: idempotent")
        .isEqualTo(12);
  }

  @Test
  void messagesOlderThanTheHistoryMaxAgeAreTrimmedOnTheNextAppend() throws Exception {
    RedisOptions young = harness.fresh().withHistory(1000, Duration.ofHours(1));
    MutableClock time = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    RedisMessageStore store = new RedisMessageStore(harness.connector(), young, time);
    append(store, "old-1", time.instant());
    append(store, "old-2", time.instant());
    time.advance(Duration.ofMinutes(30));
    append(store, "recent", time.instant());
    time.advance(Duration.ofMinutes(45));

    append(store, "new", time.instant());

    assertThat(offsets(store, 10)).containsExactly(3L, 4L);
    assertThat(store.position(LOBBY).toCompletableFuture().get(5, TimeUnit.SECONDS).lastOffset())
        .isEqualTo(4);
  }

  private static StoredMessage append(RedisMessageStore store, String id, Instant at)
      throws Exception {
    return store.append(new StoredMessage(MessageId.of(id), LOBBY, null, null, null,
            "{}".getBytes(StandardCharsets.UTF_8), false, null, at, null, 0))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static List<Long> offsets(RedisMessageStore store, int limit) throws Exception {
    return store.history(LOBBY, new HistoryQuery(0, limit, false)).toCompletableFuture()
        .get(5, TimeUnit.SECONDS).stream().map(StoredMessage::offset).toList();
  }
}
