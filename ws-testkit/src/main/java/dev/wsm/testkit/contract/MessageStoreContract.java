package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import dev.wsm.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MessageStore} must pass. To test a store, extend this class and return
 * a new, empty store that reads time from the given clock:
 *
 * <pre>{@code
 * class SqliteMessageStoreTest extends MessageStoreContract {
 *   @Override
 *   protected MessageStore createStore(Clock clock) {
 *     return new SqliteMessageStore(freshDatabase(), clock);
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #createStore} is called before each test (before the subclass's own {@code @BeforeEach}
 * methods). The store must keep at least the newest 500 messages of each room; older ones may be
 * dropped. The clock is a {@link MutableClock} that the tests move forward to expire messages.
 *
 * <p>A store that keeps its streams across restarts overrides {@link #durable()} and {@link
 * #reopen()}: then every message, with every field and its offset, and each stream's epoch and last
 * offset must survive a reopen, and offsets continue after the last one.
 */
public abstract class MessageStoreContract {
  private static final RoomId LOBBY = RoomId.of("lobby");
  private static final RoomId KITCHEN = RoomId.of("kitchen");
  /** The fewest messages per room the store must keep. */
  private static final int RETAINED = 500;

  /** The time the store sees; starts at 2030-01-01T00:00:00Z. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

  private MessageStore store;

  /** A new, empty store that reads the current time from {@code clock}. */
  protected abstract MessageStore createStore(Clock clock);

  /** Whether the store keeps its streams across {@link #reopen()}; false skips those tests. */
  protected boolean durable() {
    return false;
  }

  /**
   * Closes the store under test and returns a new store over the same data, reading {@code clock},
   * as after a restart. Called only when {@link #durable()} is true.
   */
  protected MessageStore reopen() {
    throw new UnsupportedOperationException("this store does not claim durability");
  }

  @BeforeEach
  public final void createStoreUnderTest() {
    store = createStore(clock);
  }

  @Test
  public void offsetsStartAtOneAndStrictlyIncreasePerRoom() {
    List<Long> offsets = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      offsets.add(append(LOBBY, "m" + i).offset());
    }

    assertThat(offsets).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  public void roomsHaveIndependentOffsets() {
    append(LOBBY, "a1");
    append(LOBBY, "a2");

    assertThat(append(KITCHEN, "b1").offset()).isEqualTo(1);
    assertThat(append(LOBBY, "a3").offset()).isEqualTo(3);
    assertThat(offsets(history(KITCHEN, 0, 10, false))).containsExactly(1L);
  }

  @Test
  public void appendedMessageKeepsEveryField() {
    StoredMessage sent = new StoredMessage(MessageId.of("full"), LOBBY, null, UserId.of("ada"),
        "chat", "{\"text\":\"h\u00e9llo\"}".getBytes(StandardCharsets.UTF_8), false,
        MessageId.of("earlier"), clock.instant(), clock.instant().plusSeconds(3600), 0);

    StoredMessage stored = await(store.append(sent));
    StoredMessage read = history(LOBBY, 0, 10, false).get(0);

    for (StoredMessage m : List.of(stored, read)) {
      assertThat(m.id()).isEqualTo(sent.id());
      assertThat(m.room()).isEqualTo(LOBBY);
      assertThat(m.from()).isEqualTo(UserId.of("ada"));
      assertThat(m.event()).isEqualTo("chat");
      assertThat(m.data()).isEqualTo(sent.data());
      assertThat(m.binary()).isFalse();
      assertThat(m.parent()).isEqualTo(MessageId.of("earlier"));
      assertThat(m.timestamp()).isEqualTo(sent.timestamp());
      assertThat(m.expiresAt()).isEqualTo(sent.expiresAt());
      assertThat(m.offset()).isEqualTo(1);
    }
  }

  @Test
  public void appendingAKnownMessageIdReturnsTheStoredMessageUnchanged() {
    StoredMessage first = append(LOBBY, "same");
    append(LOBBY, "other");

    StoredMessage again = await(store.append(new StoredMessage(MessageId.of("same"), LOBBY, null,
        null, "changed", Messages.data("changed"), false, null, clock.instant(), null, 0)));

    assertThat(again.offset()).isEqualTo(first.offset());
    assertThat(again.event()).isNull();
    assertThat(Messages.text(again)).isEqualTo(Messages.text(first));
    assertThat(await(store.position(LOBBY)).lastOffset()).isEqualTo(2);
    assertThat(ids(history(LOBBY, 0, 10, false))).containsExactly("same", "other");
  }

  @Test
  public void historyReturnsTheOldestMessagesAfterTheOffsetOldestFirst() {
    appendMany(LOBBY, 10);

    assertThat(offsets(history(LOBBY, 0, 3, false))).containsExactly(1L, 2L, 3L);
    assertThat(offsets(history(LOBBY, 4, 3, false))).containsExactly(5L, 6L, 7L);
    assertThat(offsets(history(LOBBY, 8, 5, false))).containsExactly(9L, 10L);
    assertThat(history(LOBBY, 10, 5, false)).isEmpty();
  }

  @Test
  public void historyNewestFirstReturnsTheNewestMessagesAfterTheOffset() {
    appendMany(LOBBY, 10);

    assertThat(offsets(history(LOBBY, 0, 3, true))).containsExactly(10L, 9L, 8L);
    assertThat(offsets(history(LOBBY, 7, 5, true))).containsExactly(10L, 9L, 8L);
    assertThat(history(LOBBY, 10, 5, true)).isEmpty();
  }

  @Test
  public void historyReturnsAtMostTheLimit() {
    appendMany(LOBBY, 20);

    assertThat(history(LOBBY, 0, 1, false)).hasSize(1);
    assertThat(history(LOBBY, 0, 7, true)).hasSize(7);
    assertThat(history(LOBBY, 0, HistoryQuery.MAX_LIMIT, false)).hasSize(20);
  }

  @Test
  public void historyOfAnUnknownRoomIsEmpty() {
    assertThat(history(RoomId.of("nowhere"), 0, 10, false)).isEmpty();
    assertThat(history(RoomId.of("nowhere"), 0, 10, true)).isEmpty();
  }

  @Test
  public void expiredMessagesAreNeverReturned() {
    Instant now = clock.instant();
    append(LOBBY, "keeps");
    await(store.append(Messages.inRoom(LOBBY, "brief", now, now.plusSeconds(60))));
    await(store.append(Messages.inRoom(LOBBY, "longer", now, now.plusSeconds(120))));

    assertThat(ids(history(LOBBY, 0, 10, false))).containsExactly("keeps", "brief", "longer");

    clock.advance(Duration.ofSeconds(60));

    assertThat(ids(history(LOBBY, 0, 10, false))).containsExactly("keeps", "longer");
    assertThat(ids(history(LOBBY, 0, 10, true))).containsExactly("longer", "keeps");

    clock.advance(Duration.ofHours(1));

    assertThat(ids(history(LOBBY, 0, 10, false))).containsExactly("keeps");
  }

  @Test
  public void messageThatExpiredBeforeItWasAppendedIsNeverReturned() {
    Instant now = clock.instant();
    await(store.append(Messages.inRoom(LOBBY, "stale", now.minusSeconds(10), now)));

    assertThat(history(LOBBY, 0, 10, false)).isEmpty();
  }

  @Test
  public void positionOfAnEmptyStreamHasOffsetZero() {
    StreamPosition position = await(store.position(LOBBY));

    assertThat(position.epoch()).isNotEmpty();
    assertThat(position.lastOffset()).isZero();
  }

  @Test
  public void positionReportsTheLastOffsetUnderAStableEpoch() {
    String epoch = await(store.position(LOBBY)).epoch();
    appendMany(LOBBY, 3);

    StreamPosition position = await(store.position(LOBBY));

    assertThat(position.lastOffset()).isEqualTo(3);
    assertThat(position.epoch()).isEqualTo(epoch);
    assertThat(await(store.position(LOBBY))).isEqualTo(position);
  }

  @Test
  public void dropEmptiesTheStreamAndStartsANewEpoch() {
    appendMany(LOBBY, 3);
    String oldEpoch = await(store.position(LOBBY)).epoch();

    await(store.drop(LOBBY));

    assertThat(history(LOBBY, 0, 10, false)).isEmpty();
    StreamPosition fresh = await(store.position(LOBBY));
    assertThat(fresh.lastOffset()).isZero();
    assertThat(fresh.epoch()).isNotEqualTo(oldEpoch);
    assertThat(append(LOBBY, "after-drop").offset()).isEqualTo(1);
  }

  @Test
  public void dropLeavesOtherRoomsAlone() {
    appendMany(LOBBY, 2);
    appendMany(KITCHEN, 2);
    String kitchenEpoch = await(store.position(KITCHEN)).epoch();

    await(store.drop(LOBBY));

    assertThat(await(store.position(KITCHEN))).isEqualTo(new StreamPosition(kitchenEpoch, 2));
    assertThat(history(KITCHEN, 0, 10, false)).hasSize(2);
  }

  @Test
  public void dropOfAnUnknownRoomSucceeds() {
    await(store.drop(RoomId.of("nowhere")));
  }

  @Test
  public void historyBetweenTwoOffsetsOldestFirst() {
    appendMany(LOBBY, 10);

    assertThat(offsets(history(LOBBY, between(2, 8, 10, false))))
        .containsExactly(3L, 4L, 5L, 6L, 7L);
    assertThat(offsets(history(LOBBY, between(2, 8, 3, false)))).containsExactly(3L, 4L, 5L);
    assertThat(offsets(history(LOBBY, between(0, 3, 10, false)))).containsExactly(1L, 2L);
    assertThat(offsets(history(LOBBY, between(8, 100, 10, false)))).containsExactly(9L, 10L);
    assertThat(history(LOBBY, between(5, 6, 10, false))).isEmpty();
  }

  @Test
  public void historyBetweenTwoOffsetsNewestFirst() {
    appendMany(LOBBY, 10);

    assertThat(offsets(history(LOBBY, between(2, 8, 10, true))))
        .containsExactly(7L, 6L, 5L, 4L, 3L);
    assertThat(offsets(history(LOBBY, between(2, 8, 3, true)))).containsExactly(7L, 6L, 5L);
    assertThat(offsets(history(LOBBY, between(0, 4, 10, true)))).containsExactly(3L, 2L, 1L);
    assertThat(offsets(history(LOBBY, between(8, 100, 10, true)))).containsExactly(10L, 9L);
    assertThat(history(LOBBY, between(5, 6, 10, true))).isEmpty();
  }

  @Test
  public void historyWithinATimeWindowIncludesSinceAndExcludesUntil() {
    Instant start = clock.instant();
    appendOneAMinute(LOBBY, 6); // lobby-1 at start, ..., lobby-6 at start + 5 min
    Instant since = start.plus(Duration.ofMinutes(1));
    Instant until = start.plus(Duration.ofMinutes(4));

    assertThat(ids(history(LOBBY, within(since, until, 10, false))))
        .containsExactly("lobby-2", "lobby-3", "lobby-4");
    assertThat(ids(history(LOBBY, within(since, until, 10, true))))
        .containsExactly("lobby-4", "lobby-3", "lobby-2");
    assertThat(ids(history(LOBBY, within(since, null, 10, false))))
        .containsExactly("lobby-2", "lobby-3", "lobby-4", "lobby-5", "lobby-6");
    assertThat(ids(history(LOBBY, within(null, until, 10, true))))
        .containsExactly("lobby-4", "lobby-3", "lobby-2", "lobby-1");
    assertThat(history(LOBBY, within(until, until, 10, false))).isEmpty();
    assertThat(history(LOBBY, within(start.plusSeconds(10), start.plusSeconds(50), 10, false)))
        .isEmpty();
  }

  @Test
  public void historyCombinesOffsetBoundsTimeWindowAndLimit() {
    Instant start = clock.instant();
    appendOneAMinute(LOBBY, 8); // offset n sent at start + (n - 1) min
    Instant since = start.plus(Duration.ofMinutes(1));
    Instant until = start.plus(Duration.ofMinutes(7));

    HistoryQuery oldest = new HistoryQuery(2, 7, since, until, 2, false);
    HistoryQuery newest = new HistoryQuery(2, 7, since, until, 2, true);
    HistoryQuery all = new HistoryQuery(2, 7, since, until, 10, false);
    HistoryQuery timeBindsMore = new HistoryQuery(0, 8, since, start.plus(Duration.ofMinutes(3)),
        10, true);

    assertThat(offsets(history(LOBBY, oldest))).containsExactly(3L, 4L);
    assertThat(offsets(history(LOBBY, newest))).containsExactly(6L, 5L);
    assertThat(offsets(history(LOBBY, all))).containsExactly(3L, 4L, 5L, 6L);
    assertThat(offsets(history(LOBBY, timeBindsMore))).containsExactly(3L, 2L);
  }

  @Test
  public void historyBoundsSkipExpiredMessagesWithoutCountingThemInTheLimit() {
    Instant now = clock.instant();
    append(LOBBY, "m1");
    await(store.append(Messages.inRoom(LOBBY, "brief", now, now.plusSeconds(60))));
    append(LOBBY, "m3");
    append(LOBBY, "m4");
    append(LOBBY, "m5");
    clock.advance(Duration.ofSeconds(60));

    assertThat(ids(history(LOBBY, between(0, 5, 2, false)))).containsExactly("m1", "m3");
    assertThat(ids(history(LOBBY, between(0, 5, 3, true)))).containsExactly("m4", "m3", "m1");
  }

  @Test
  public void appendedMessagesSurviveAReopenWithEveryFieldAndTheirOffsets() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    Instant now = clock.instant();
    await(store.append(new StoredMessage(MessageId.of("full"), LOBBY, null, UserId.of("ada"),
        "chat", "{\"text\":\"h\u00e9llo\"}".getBytes(StandardCharsets.UTF_8), false,
        MessageId.of("earlier"), now, now.plusSeconds(3600), 0)));
    await(store.append(new StoredMessage(MessageId.of("raw"), LOBBY, null, null, null,
        new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}, true, null, now.plusMillis(123),
        null, 0)));
    appendMany(LOBBY, 3);
    appendMany(KITCHEN, 2);
    List<StoredMessage> lobbyBefore = history(LOBBY, 0, 10, false);
    List<StoredMessage> kitchenBefore = history(KITCHEN, 0, 10, false);
    StreamPosition lobbyPosition = await(store.position(LOBBY));
    StreamPosition kitchenPosition = await(store.position(KITCHEN));

    store = reopen();

    assertThat(history(LOBBY, 0, 10, false)).usingRecursiveComparison().isEqualTo(lobbyBefore);
    assertThat(history(KITCHEN, 0, 10, false)).usingRecursiveComparison()
        .isEqualTo(kitchenBefore);
    assertThat(offsets(history(LOBBY, 0, 10, false))).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(await(store.position(LOBBY))).isEqualTo(lobbyPosition);
    assertThat(await(store.position(KITCHEN))).isEqualTo(kitchenPosition);
  }

  @Test
  public void offsetsContinueAfterTheLastOneAcrossAReopen() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    appendMany(LOBBY, 3);
    String epoch = await(store.position(LOBBY)).epoch();

    store = reopen();

    assertThat(append(LOBBY, "after-1").offset()).isEqualTo(4);
    assertThat(append(LOBBY, "after-2").offset()).isEqualTo(5);
    assertThat(append(KITCHEN, "kitchen-1").offset()).isEqualTo(1);
    assertThat(await(store.position(LOBBY))).isEqualTo(new StreamPosition(epoch, 5));
    assertThat(ids(history(LOBBY, 0, 10, false)))
        .containsExactly("lobby-1", "lobby-2", "lobby-3", "after-1", "after-2");
  }

  @Test
  public void appendingAKnownMessageIdAfterAReopenReturnsTheStoredMessage() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    StoredMessage first = append(LOBBY, "same");
    append(LOBBY, "other");

    store = reopen();
    StoredMessage again = append(LOBBY, "same");

    assertThat(again.offset()).isEqualTo(first.offset());
    assertThat(await(store.position(LOBBY)).lastOffset()).isEqualTo(2);
  }

  @Test
  public void historyFilteredByParentReturnsOnlyTheRepliesToThatMessage() {
    StoredMessage question = append(LOBBY, "question");
    append(LOBBY, "chatter");
    StoredMessage first = await(store.append(reply(LOBBY, "answer-1", question)));
    StoredMessage other = append(LOBBY, "other-question");
    await(store.append(reply(LOBBY, "answer-2", question)));
    await(store.append(reply(LOBBY, "aside", other)));
    await(store.append(reply(KITCHEN, "elsewhere", question)));

    assertThat(history(LOBBY, new HistoryQuery(0, 0, null, null, question.id(), 10, false)))
        .extracting(m -> m.id().value()).containsExactly("answer-1", "answer-2");
    assertThat(history(LOBBY, new HistoryQuery(0, 0, null, null, question.id(), 1, true)))
        .extracting(m -> m.id().value()).containsExactly("answer-2");
    assertThat(history(LOBBY, new HistoryQuery(first.offset(), 0, null, null, question.id(), 10,
        false))).extracting(m -> m.id().value()).containsExactly("answer-2");
    assertThat(history(LOBBY, new HistoryQuery(0, 10, false)).get(2).parent())
        .as("the parent is kept").isEqualTo(question.id());
  }

  private StoredMessage reply(RoomId room, String id, StoredMessage parent) {
    StoredMessage m = Messages.inRoom(room, id, clock.instant());
    return new StoredMessage(m.id(), m.room(), m.to(), m.from(), m.event(), m.data(), m.binary(),
        parent.id(), m.timestamp(), m.expiresAt(), 0);
  }

  @Test
  public void concurrentAppendersGetEveryOffsetExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 250;
    long total = (long) threads * perThread;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<Long> offsets = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            offsets.add(append(LOBBY, "t" + thread + "-" + i).offset());
          }
          return offsets;
        }));
      }
      start.countDown();

      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        List<Long> offsets = result.get(60, TimeUnit.SECONDS);
        assertThat(offsets).as("one thread's offsets, in its append order").isSorted();
        all.addAll(offsets);
      }

      assertThat(all).containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, total).boxed().toList());
      assertThat(await(store.position(LOBBY)).lastOffset()).isEqualTo(total);
      assertThat(offsets(history(LOBBY, 0, RETAINED, true))).containsExactlyElementsOf(
          LongStream.iterate(total, o -> o - 1).limit(RETAINED).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
  }

  private StoredMessage append(RoomId room, String id) {
    return await(store.append(Messages.inRoom(room, id, clock.instant())));
  }

  private void appendMany(RoomId room, int count) {
    for (int i = 1; i <= count; i++) {
      append(room, room.value() + "-" + i);
    }
  }

  /** Appends {@code count} messages, one a minute: {@code <room>-1} now, then the clock moves. */
  private void appendOneAMinute(RoomId room, int count) {
    for (int i = 1; i <= count; i++) {
      if (i > 1) {
        clock.advance(Duration.ofMinutes(1));
      }
      append(room, room.value() + "-" + i);
    }
  }

  private List<StoredMessage> history(RoomId room, long after, int limit, boolean newestFirst) {
    return await(store.history(room, new HistoryQuery(after, limit, newestFirst)));
  }

  private List<StoredMessage> history(RoomId room, HistoryQuery query) {
    return await(store.history(room, query));
  }

  private static HistoryQuery between(long after, long before, int limit, boolean newestFirst) {
    return new HistoryQuery(after, before, null, null, limit, newestFirst);
  }

  private static HistoryQuery within(Instant since, Instant until, int limit,
      boolean newestFirst) {
    return new HistoryQuery(0, 0, since, until, limit, newestFirst);
  }

  private static List<Long> offsets(List<StoredMessage> messages) {
    return messages.stream().map(StoredMessage::offset).toList();
  }

  private static List<String> ids(List<StoredMessage> messages) {
    return messages.stream().map(m -> m.id().value()).toList();
  }
}
