package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.DeviceId;
import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link InboxStore} must pass. To test a store, extend this class, say how many
 * messages one inbox keeps, and return a new, empty store with that capacity:
 *
 * <pre>{@code
 * class SqliteInboxStoreTest extends InboxStoreContract {
 *   @Override
 *   protected int capacity() {
 *     return 5;
 *   }
 *
 *   @Override
 *   protected InboxStore createStore(Clock clock) {
 *     return new SqliteInboxStore(freshDatabase(), capacity(), clock);
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #createStore} is called before each test. Keep the capacity small (2 to 100) and any
 * maximum message age of the store at least a day: the tests move the clock by minutes and expect
 * only {@code expiresAt} to expire messages.
 *
 * <p>A store that keeps its inboxes across restarts overrides {@link #durable()} and {@link
 * #reopen()}: then every pending message, with every field and in order, must survive a reopen.
 */
public abstract class InboxStoreContract {
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");

  /** The time the store sees; starts at 2030-01-01T00:00:00Z. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

  private InboxStore store;

  /** How many messages one inbox of the store under test keeps, 2 to 100. */
  protected abstract int capacity();

  /** A new, empty store keeping {@link #capacity()} messages per inbox, reading {@code clock}. */
  protected abstract InboxStore createStore(Clock clock);

  /**
   * The store's maximum inbox age (which also forgets devices not seen for that long), or null to
   * skip the tests that need to know it.
   */
  protected Duration maxAge() {
    return null;
  }

  /** Whether the store keeps its inboxes across {@link #reopen()}; false skips those tests. */
  protected boolean durable() {
    return false;
  }

  /**
   * Closes the store under test and returns a new store over the same data, with the same capacity
   * and reading {@code clock}, as after a restart. Called only when {@link #durable()} is true.
   */
  protected InboxStore reopen() {
    throw new UnsupportedOperationException("this store does not claim durability");
  }

  @BeforeEach
  public final void createStoreUnderTest() {
    store = createStore(clock);
  }

  @Test
  public void pendingReturnsMessagesInTheOrderTheyWereEnqueued() {
    enqueue(ADA, "m1");
    enqueue(ADA, "m3");
    enqueue(ADA, "m2");

    assertThat(ids(pending(ADA, 10))).containsExactly("m1", "m3", "m2");
  }

  @Test
  public void pendingKeepsEveryField() {
    Instant now = clock.instant();
    StoredMessage sent = Messages.direct(ADA, "m1", now, now.plusSeconds(60));
    await(store.enqueue(ADA, sent));

    StoredMessage read = pending(ADA, 10).get(0);

    assertThat(read.id()).isEqualTo(sent.id());
    assertThat(read.to()).isEqualTo(ADA);
    assertThat(read.from()).isEqualTo(sent.from());
    assertThat(read.data()).isEqualTo(sent.data());
    assertThat(read.timestamp()).isEqualTo(sent.timestamp());
    assertThat(read.expiresAt()).isEqualTo(sent.expiresAt());
  }

  @Test
  public void pendingReturnsAtMostTheLimitOldestFirst() {
    enqueue(ADA, "m1");
    enqueue(ADA, "m2");
    enqueue(ADA, "m3");

    assertThat(ids(pending(ADA, 2))).containsExactly("m1", "m2");
  }

  @Test
  public void pendingDoesNotRemoveMessages() {
    enqueue(ADA, "m1");
    pending(ADA, 10);

    assertThat(ids(pending(ADA, 10))).containsExactly("m1");
  }

  @Test
  public void pendingOfAUserWithoutMessagesIsEmpty() {
    assertThat(pending(UserId.of("nobody"), 10)).isEmpty();
  }

  @Test
  public void enqueueingAMessageTwiceReturnsFalseAndKeepsOneCopy() {
    assertThat(enqueue(ADA, "m1")).isTrue();
    enqueue(ADA, "m2");

    assertThat(enqueue(ADA, "m1")).isFalse();
    assertThat(ids(pending(ADA, 10))).containsExactly("m1", "m2");
  }

  @Test
  public void inboxesAreSeparatePerUser() {
    enqueue(ADA, "a1");
    enqueue(BOB, "b1");
    enqueue(ADA, "a2");

    assertThat(ids(pending(ADA, 10))).containsExactly("a1", "a2");
    assertThat(ids(pending(BOB, 10))).containsExactly("b1");
  }

  @Test
  public void removeDeletesTheGivenMessagesAndCountsThem() {
    enqueue(ADA, "m1");
    enqueue(ADA, "m2");
    enqueue(ADA, "m3");

    int removed = await(store.remove(ADA,
        List.of(MessageId.of("m1"), MessageId.of("m3"), MessageId.of("unknown"))));

    assertThat(removed).isEqualTo(2);
    assertThat(ids(pending(ADA, 10))).containsExactly("m2");
  }

  @Test
  public void removeTouchesOnlyTheGivenUsersInbox() {
    enqueue(ADA, "m1");
    enqueue(BOB, "m1");

    assertThat(await(store.remove(ADA, List.of(MessageId.of("m1"))))).isEqualTo(1);
    assertThat(ids(pending(BOB, 10))).containsExactly("m1");
  }

  @Test
  public void removeFromAnEmptyInboxRemovesNothing() {
    assertThat(await(store.remove(ADA, List.of(MessageId.of("m1"))))).isZero();
    assertThat(await(store.remove(ADA, List.of()))).isZero();
  }

  @Test
  public void fullInboxDropsTheOldestMessage() {
    int capacity = capacity();
    for (int i = 1; i <= capacity + 2; i++) {
      enqueue(ADA, "m" + i);
    }

    assertThat(ids(pending(ADA, capacity + 10))).containsExactlyElementsOf(
        IntStream.rangeClosed(3, capacity + 2).mapToObj(i -> "m" + i).toList());
  }

  @Test
  public void removedMessagesFreeCapacity() {
    int capacity = capacity();
    for (int i = 1; i <= capacity; i++) {
      enqueue(ADA, "m" + i);
    }
    await(store.remove(ADA, List.of(MessageId.of("m2"))));

    enqueue(ADA, "new");

    List<String> ids = ids(pending(ADA, capacity + 10));
    assertThat(ids).hasSize(capacity).startsWith("m1").endsWith("new").doesNotContain("m2");
  }

  @Test
  public void expiredMessagesAreNeverPending() {
    Instant now = clock.instant();
    enqueue(ADA, "keeps");
    await(store.enqueue(ADA, Messages.direct(ADA, "brief", now, now.plusSeconds(60))));

    assertThat(ids(pending(ADA, 10))).containsExactly("keeps", "brief");

    clock.advance(Duration.ofSeconds(60));

    assertThat(ids(pending(ADA, 10))).containsExactly("keeps");
  }

  @Test
  public void purgeRemovesExpiredMessagesAndCountsThem() {
    Instant now = clock.instant();
    enqueue(ADA, "keeps");
    await(store.enqueue(ADA, Messages.direct(ADA, "a-brief", now, now.plusSeconds(60))));
    await(store.enqueue(BOB, Messages.direct(BOB, "b-brief", now, now.plusSeconds(30))));
    await(store.enqueue(BOB, Messages.direct(BOB, "b-later", now, now.plusSeconds(600))));

    assertThat(await(store.purge(now))).as("nothing expired yet").isZero();

    Instant later = clock.advance(Duration.ofSeconds(60));

    assertThat(await(store.purge(later))).isEqualTo(2);
    assertThat(ids(pending(ADA, 10))).containsExactly("keeps");
    assertThat(ids(pending(BOB, 10))).containsExactly("b-later");
    assertThat(await(store.purge(later))).isZero();
  }

  @Test
  public void pendingMessagesSurviveAReopenInOrderWithEveryField() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    Instant now = clock.instant();
    StoredMessage full = new StoredMessage(MessageId.of("m1"), null, ADA, BOB, "ping",
        Messages.data("m1"), false, MessageId.of("earlier"), now, now.plusSeconds(3600), 0);
    StoredMessage raw = new StoredMessage(MessageId.of("m3"), null, ADA, null, null,
        new byte[] {0, (byte) 0xff, 0x7f}, true, null, now.plusMillis(123), null, 0);
    await(store.enqueue(ADA, full));
    await(store.enqueue(ADA, raw));
    enqueue(ADA, "m2");
    enqueue(BOB, "b1");
    List<StoredMessage> before = pending(ADA, 10);

    store = reopen();

    List<StoredMessage> after = pending(ADA, 10);
    assertThat(ids(after)).containsExactly("m1", "m3", "m2");
    assertThat(after).usingRecursiveComparison().isEqualTo(before);
    assertThat(ids(pending(BOB, 10))).containsExactly("b1");
    assertThat(enqueue(ADA, "m3")).as("still known after the reopen").isFalse();
    assertThat(await(store.remove(ADA, List.of(MessageId.of("m1"))))).isEqualTo(1);
    assertThat(ids(pending(ADA, 10))).containsExactly("m3", "m2");
  }

  @Test
  public void sequenceNumbersIncreasePerUserAndComeBackWithPendingMessages() {
    long a1 = seq(ADA, "a1");
    long b1 = seq(BOB, "b1");
    long a2 = seq(ADA, "a2");
    long a3 = seq(ADA, "a3");

    assertThat(a1).isPositive();
    assertThat(b1).isPositive();
    assertThat(a2).isGreaterThan(a1);
    assertThat(a3).isGreaterThan(a2);
    assertThat(pending(ADA, 10)).extracting(StoredMessage::offset).containsExactly(a1, a2, a3);
    assertThat(pending(BOB, 10)).extracting(StoredMessage::offset).containsExactly(b1);
  }

  @Test
  public void sequenceNumbersAreNeverReusedAfterTheInboxEmpties() {
    seq(ADA, "m1");
    long second = seq(ADA, "m2");
    await(store.remove(ADA, List.of(MessageId.of("m1"), MessageId.of("m2"))));
    assertThat(pending(ADA, 10)).isEmpty();

    assertThat(seq(ADA, "m3")).isGreaterThan(second);
  }

  @Test
  public void aDuplicateEnqueueGivesZeroAndKeepsTheFirstSequenceNumber() {
    long first = seq(ADA, "m1");

    assertThat(seq(ADA, "m1")).isZero();
    assertThat(pending(ADA, 10)).extracting(StoredMessage::offset).containsExactly(first);
  }

  @Test
  public void pendingAfterASequenceNumberReturnsOnlyLaterMessagesInOrder() {
    seq(ADA, "m1");
    long second = seq(ADA, "m2");
    seq(ADA, "m3");
    seq(ADA, "m4");

    assertThat(ids(await(store.pending(ADA, second, 10)))).containsExactly("m3", "m4");
    assertThat(ids(await(store.pending(ADA, second, 1)))).containsExactly("m3");
  }

  @Test
  public void pendingAfterAPositionStillDropsTrimmedAndExpiredMessages() {
    int capacity = capacity();
    Instant now = clock.instant();
    seq(ADA, "m0");
    long first = seq(ADA, "m1");
    await(store.enqueue(ADA, Messages.direct(ADA, "brief", now, now.plusSeconds(60))));
    for (int i = 2; i <= capacity - 1; i++) {
      seq(ADA, "m" + i);
    }
    assertThat(ids(pending(ADA, capacity + 10))).as("m0 was trimmed").doesNotContain("m0")
        .contains("m1", "brief");
    clock.advance(Duration.ofSeconds(60));

    List<String> after = ids(await(store.pending(ADA, first, capacity + 10)));

    assertThat(after).as("'brief' expired; 'm1' is at the position")
        .containsExactlyElementsOf(
            IntStream.rangeClosed(2, capacity - 1).mapToObj(i -> "m" + i).toList());
    DeviceId phone = DeviceId.of("phone");
    assertThat(await(store.ackDevice(ADA, phone, Long.MAX_VALUE / 2, clock.instant())))
        .as("only pending messages are counted").isEqualTo(capacity - 1);
    assertThat(pending(ADA, 10)).isEmpty();
  }

  @Test
  public void removeUpToRemovesExactlyTheMessagesAtOrBelowTheNumber() {
    seq(ADA, "m1");
    long second = seq(ADA, "m2");
    seq(ADA, "m3");
    seq(BOB, "b1");
    seq(BOB, "b2");

    assertThat(await(store.removeUpTo(ADA, second))).isEqualTo(2);
    assertThat(ids(pending(ADA, 10))).containsExactly("m3");
    assertThat(ids(pending(BOB, 10))).as("another user's inbox").containsExactly("b1", "b2");
    assertThat(await(store.removeUpTo(ADA, second))).isZero();
  }

  @Test
  public void anUnknownDeviceIsAtPositionZeroAndAnAckRaisesItButNeverLowersIt() {
    DeviceId phone = DeviceId.of("phone");
    seq(ADA, "m1");
    long second = seq(ADA, "m2");

    assertThat(await(store.device(ADA, phone, clock.instant()))).isZero();
    assertThat(await(store.ackDevice(ADA, phone, second, clock.instant()))).isEqualTo(2);
    assertThat(await(store.device(ADA, phone, clock.instant()))).isEqualTo(second);
    assertThat(await(store.ackDevice(ADA, phone, 1, clock.instant()))).isZero();
    assertThat(await(store.device(ADA, phone, clock.instant()))).isEqualTo(second);
  }

  @Test
  public void aMessageStaysUntilEverySeenDeviceAckedIt() {
    DeviceId phone = DeviceId.of("phone");
    DeviceId laptop = DeviceId.of("laptop");
    await(store.device(ADA, phone, clock.instant()));
    await(store.device(ADA, laptop, clock.instant()));
    long first = seq(ADA, "m1");
    long second = seq(ADA, "m2");
    seq(ADA, "m3");

    assertThat(await(store.ackDevice(ADA, phone, second, clock.instant()))).isEqualTo(2);
    assertThat(ids(pending(ADA, 10))).as("the laptop has acked nothing")
        .containsExactly("m1", "m2", "m3");
    long phoneAt = await(store.device(ADA, phone, clock.instant()));
    assertThat(ids(await(store.pending(ADA, phoneAt, 10)))).as("redelivered to the phone")
        .containsExactly("m3");
    long laptopAt = await(store.device(ADA, laptop, clock.instant()));
    assertThat(ids(await(store.pending(ADA, laptopAt, 10)))).as("redelivered to the laptop")
        .containsExactly("m1", "m2", "m3");

    assertThat(await(store.ackDevice(ADA, laptop, first, clock.instant()))).isEqualTo(1);
    assertThat(ids(pending(ADA, 10))).containsExactly("m2", "m3");
    await(store.ackDevice(ADA, laptop, second, clock.instant()));
    assertThat(ids(pending(ADA, 10))).containsExactly("m3");
  }

  @Test
  public void devicePositionsAreSeparatePerUser() {
    DeviceId phone = DeviceId.of("phone");
    long a1 = seq(ADA, "a1");
    seq(BOB, "b1");

    await(store.ackDevice(ADA, phone, a1, clock.instant()));

    assertThat(await(store.device(BOB, phone, clock.instant()))).isZero();
    assertThat(ids(pending(BOB, 10))).containsExactly("b1");
    assertThat(pending(ADA, 10)).isEmpty();
  }

  @Test
  public void aDeviceNotSeenWithinTheMaximumAgeNoLongerHoldsMessages() {
    Duration maxAge = maxAge();
    Assumptions.assumeTrue(maxAge != null, "the store's maximum age is not known");
    DeviceId phone = DeviceId.of("phone");
    DeviceId old = DeviceId.of("old-tablet");
    await(store.device(ADA, old, clock.instant()));
    clock.advance(maxAge.minus(Duration.ofMinutes(1)));
    await(store.device(ADA, phone, clock.instant()));
    long m1 = seq(ADA, "m1");
    clock.advance(Duration.ofMinutes(2));

    await(store.ackDevice(ADA, phone, m1, clock.instant()));

    assertThat(pending(ADA, 10)).as("the old tablet was forgotten").isEmpty();
    assertThat(await(store.device(ADA, old, clock.instant()))).isZero();
  }

  @Test
  public void sequenceNumbersAndDevicePositionsSurviveAReopen() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    DeviceId phone = DeviceId.of("phone");
    DeviceId laptop = DeviceId.of("laptop");
    await(store.device(ADA, laptop, clock.instant()));
    long first = seq(ADA, "m1");
    long second = seq(ADA, "m2");
    await(store.ackDevice(ADA, phone, first, clock.instant()));
    await(store.removeUpTo(BOB, seq(BOB, "b1")));

    store = reopen();

    assertThat(await(store.device(ADA, phone, clock.instant()))).isEqualTo(first);
    assertThat(await(store.device(ADA, laptop, clock.instant()))).isZero();
    assertThat(ids(await(store.pending(ADA, first, 10)))).containsExactly("m2");
    assertThat(seq(ADA, "m3")).isGreaterThan(second);
    assertThat(seq(BOB, "b2")).as("after an emptied inbox").isGreaterThan(1);
  }

  private long seq(UserId user, String id) {
    return await(store.enqueue(user, Messages.direct(user, id, clock.instant())));
  }

  private boolean enqueue(UserId user, String id) {
    return seq(user, id) > 0;
  }

  private List<StoredMessage> pending(UserId user, int limit) {
    return await(store.pending(user, limit));
  }

  private static List<String> ids(List<StoredMessage> messages) {
    return messages.stream().map(m -> m.id().value()).toList();
  }
}
