package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.LeaveOutcome;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RoomStore} must pass. To test a store, extend this class and return a
 * new, empty store:
 *
 * <pre>{@code
 * class SqliteRoomStoreTest extends RoomStoreContract {
 *   @Override
 *   protected RoomStore createStore() {
 *     return new SqliteRoomStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #createStore} is called before each test (before the subclass's own {@code @BeforeEach}
 * methods). Instants in the fixtures have millisecond precision; room names are lower-case ASCII.
 *
 * <p>A store that keeps its rooms across restarts overrides {@link #durable()} and {@link
 * #reopen()}: then every persistent room, with every field, must survive a reopen.
 */
public abstract class RoomStoreContract {
  /** A fixed "now" for expiry tests; the store reads no clock of its own. */
  protected static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static final RoomId LOBBY = RoomId.of("lobby");
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CY = UserId.of("cy");

  private RoomStore store;

  /** A new, empty store. */
  protected abstract RoomStore createStore();

  /** Whether the store keeps its rooms across {@link #reopen()}; false skips those tests. */
  protected boolean durable() {
    return false;
  }

  /**
   * Closes the store under test and returns a new store over the same data, as after a restart.
   * Called only when {@link #durable()} is true.
   */
  protected RoomStore reopen() {
    throw new UnsupportedOperationException("this store does not claim durability");
  }

  @BeforeEach
  public final void createStoreUnderTest() {
    store = createStore();
  }

  @Test
  public void createdRoomCanBeFoundWithEveryField() {
    RoomRecord room = new RoomRecord(LOBBY, "Welcome", "pbkdf2-sha256$1000$c2FsdA$aGFzaA", 25, ADA,
        NOW, NOW.plusSeconds(3600), false);

    assertThat(await(store.create(room))).isTrue();

    assertThat(await(store.find(LOBBY))).contains(room);
  }

  @Test
  public void createdRoomWithoutOptionalFieldsCanBeFound() {
    RoomRecord room = new RoomRecord(LOBBY, "", null, 0, null, NOW, null, true);

    await(store.create(room));

    assertThat(await(store.find(LOBBY))).contains(room);
  }

  @Test
  public void createReturnsFalseAndChangesNothingWhenTheNameIsTaken() {
    RoomRecord first = room("lobby", 0);
    await(store.create(first));

    boolean created = await(store.create(
        new RoomRecord(LOBBY, "impostor", null, 3, BOB, NOW.plusSeconds(5), null, true)));

    assertThat(created).isFalse();
    assertThat(await(store.find(LOBBY))).contains(first);
  }

  @Test
  public void findOfAnUnknownRoomIsEmpty() {
    assertThat(await(store.find(RoomId.of("nowhere")))).isEmpty();
  }

  @Test
  public void listReturnsEveryRoomOrderedByName() {
    assertThat(await(store.list())).isEmpty();
    for (String name : List.of("charlie", "alpha", "delta", "bravo")) {
      await(store.create(room(name, 0)));
    }

    assertThat(await(store.list())).extracting(r -> r.id().value())
        .containsExactly("alpha", "bravo", "charlie", "delta");
  }

  @Test
  public void deleteRemovesTheRoomAndReportsWhetherThereWasOne() {
    await(store.create(room("lobby", 0)));

    assertThat(await(store.delete(LOBBY))).isTrue();
    assertThat(await(store.find(LOBBY))).isEmpty();
    assertThat(await(store.list())).isEmpty();
    assertThat(await(store.delete(LOBBY))).isFalse();
  }

  @Test
  public void deleteClearsTheRoomsMemberships() {
    await(store.create(room("lobby", 0)));
    join(ADA, "a1");

    await(store.delete(LOBBY));

    assertThat(await(store.members(LOBBY))).isEmpty();
    assertThat(await(store.create(room("lobby", 0)))).isTrue();
    assertThat(await(store.members(LOBBY))).isEmpty();
    assertThat(join(ADA, "a1")).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
  }

  @Test
  public void firstConnectionOfAUserJoinsAsTheFirstDevice() {
    await(store.create(room("lobby", 0)));

    assertThat(join(ADA, "a1")).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    assertThat(join(BOB, "b1")).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    assertThat(await(store.members(LOBBY))).containsExactlyInAnyOrder(ADA, BOB);
  }

  @Test
  public void secondConnectionOfAUserJoinsAsAnotherDevice() {
    await(store.create(room("lobby", 0)));
    join(ADA, "a1");

    assertThat(join(ADA, "a2")).isEqualTo(JoinOutcome.JOINED_ANOTHER_DEVICE);
    assertThat(await(store.members(LOBBY))).containsExactly(ADA);
  }

  @Test
  public void joiningTwiceWithTheSameConnectionReportsAlreadyMember() {
    await(store.create(room("lobby", 1)));
    join(ADA, "a1");

    assertThat(join(ADA, "a1")).isEqualTo(JoinOutcome.ALREADY_MEMBER);
    assertThat(await(store.members(LOBBY))).containsExactly(ADA);
  }

  @Test
  public void roomAtItsMemberLimitRefusesANewUser() {
    await(store.create(room("lobby", 2)));
    join(ADA, "a1");
    join(BOB, "b1");

    assertThat(join(CY, "c1")).isEqualTo(JoinOutcome.FULL);
    assertThat(await(store.members(LOBBY))).containsExactlyInAnyOrder(ADA, BOB);
  }

  @Test
  public void memberLimitCountsDistinctUsersNotConnections() {
    await(store.create(room("lobby", 2)));

    assertThat(join(ADA, "a1")).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    assertThat(join(ADA, "a2")).isEqualTo(JoinOutcome.JOINED_ANOTHER_DEVICE);
    assertThat(join(BOB, "b1")).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    assertThat(join(ADA, "a3")).as("a member's new device joins a full room")
        .isEqualTo(JoinOutcome.JOINED_ANOTHER_DEVICE);
    assertThat(join(CY, "c1")).isEqualTo(JoinOutcome.FULL);
  }

  @Test
  public void placeFreedByALeavingUserCanBeTaken() {
    await(store.create(room("lobby", 1)));
    join(ADA, "a1");
    assertThat(join(BOB, "b1")).isEqualTo(JoinOutcome.FULL);

    leave(ADA, "a1");

    assertThat(join(BOB, "b1")).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
  }

  @Test
  public void memberLimitZeroMeansNoLimit() {
    await(store.create(room("lobby", 0)));

    for (int i = 0; i < 30; i++) {
      assertThat(join(UserId.of("u" + i), "c" + i)).isEqualTo(JoinOutcome.JOINED_FIRST_DEVICE);
    }
    assertThat(await(store.members(LOBBY))).hasSize(30);
  }

  @Test
  public void joiningAnUnknownRoomReportsNoSuchRoom() {
    assertThat(join(ADA, "a1")).isEqualTo(JoinOutcome.NO_SUCH_ROOM);
    assertThat(await(store.find(LOBBY))).isEmpty();
  }

  @Test
  public void leavingWithoutBeingAMemberChangesNothing() {
    assertThat(leave(ADA, "a1")).as("unknown room").isEqualTo(LeaveOutcome.NOT_MEMBER);
    await(store.create(room("lobby", 0)));
    join(ADA, "a1");

    assertThat(leave(ADA, "a2")).as("another connection").isEqualTo(LeaveOutcome.NOT_MEMBER);
    assertThat(leave(BOB, "b1")).as("another user").isEqualTo(LeaveOutcome.NOT_MEMBER);
    assertThat(await(store.members(LOBBY))).containsExactly(ADA);
  }

  @Test
  public void leavingWithOneOfTwoDevicesKeepsTheUserInTheRoom() {
    await(store.create(room("lobby", 0)));
    join(ADA, "a1");
    join(ADA, "a2");

    assertThat(leave(ADA, "a1")).isEqualTo(new LeaveOutcome(true, false, false));
    assertThat(await(store.members(LOBBY))).containsExactly(ADA);
    assertThat(leave(ADA, "a1")).isEqualTo(LeaveOutcome.NOT_MEMBER);
  }

  @Test
  public void leavingWithTheLastDeviceReportsThatTheUserLeft() {
    await(store.create(room("lobby", 0)));
    join(ADA, "a1");
    join(ADA, "a2");
    join(BOB, "b1");

    leave(ADA, "a1");

    assertThat(leave(ADA, "a2")).isEqualTo(new LeaveOutcome(true, true, false));
    assertThat(await(store.members(LOBBY))).containsExactly(BOB);
  }

  @Test
  public void emptiedPersistentRoomIsKept() {
    await(store.create(room("lobby", 0)));
    join(ADA, "a1");

    assertThat(leave(ADA, "a1")).isEqualTo(new LeaveOutcome(true, true, false));
    assertThat(await(store.find(LOBBY))).isPresent();
    assertThat(await(store.members(LOBBY))).isEmpty();
  }

  @Test
  public void emptiedEphemeralRoomIsDeleted() {
    await(store.create(new RoomRecord(LOBBY, "", null, 0, ADA, NOW, null, true)));
    join(ADA, "a1");
    join(BOB, "b1");

    assertThat(leave(ADA, "a1")).isEqualTo(new LeaveOutcome(true, true, false));
    assertThat(await(store.find(LOBBY))).isPresent();
    assertThat(leave(BOB, "b1")).isEqualTo(new LeaveOutcome(true, true, true));
    assertThat(await(store.find(LOBBY))).isEmpty();
    assertThat(join(ADA, "a1")).isEqualTo(JoinOutcome.NO_SUCH_ROOM);
  }

  @Test
  public void membersOfAnUnknownRoomAreEmpty() {
    assertThat(await(store.members(RoomId.of("nowhere")))).isEmpty();
  }

  @Test
  public void membersAreKeptPerRoom() {
    await(store.create(room("lobby", 0)));
    await(store.create(room("kitchen", 0)));
    join(ADA, "a1");
    await(store.addMember(RoomId.of("kitchen"), BOB, ConnectionId.of("b1")));

    assertThat(await(store.members(LOBBY))).containsExactly(ADA);
    assertThat(await(store.members(RoomId.of("kitchen")))).containsExactly(BOB);
  }

  @Test
  public void expiredReturnsRoomsWhoseExpiryIsAtOrBeforeNow() {
    await(store.create(expiring("past", NOW.minusSeconds(1))));
    await(store.create(expiring("exactly-now", NOW)));
    await(store.create(expiring("future", NOW.plusSeconds(1))));
    await(store.create(room("forever", 0)));

    assertThat(await(store.expired(NOW, 10))).extracting(r -> r.id().value())
        .containsExactly("past", "exactly-now");
  }

  @Test
  public void expiredIsOldestExpiryFirstAndLimited() {
    await(store.create(expiring("c", NOW.minusSeconds(10))));
    await(store.create(expiring("a", NOW.minusSeconds(30))));
    await(store.create(expiring("e", NOW)));
    await(store.create(expiring("b", NOW.minusSeconds(40))));
    await(store.create(expiring("d", NOW.minusSeconds(20))));

    assertThat(await(store.expired(NOW, 3))).extracting(r -> r.id().value())
        .containsExactly("b", "a", "d");
    assertThat(await(store.expired(NOW, 10))).extracting(r -> r.id().value())
        .containsExactly("b", "a", "d", "c", "e");
  }

  @Test
  public void expiredDoesNotDeleteTheRooms() {
    await(store.create(expiring("past", NOW.minusSeconds(1))));

    await(store.expired(NOW, 10));

    assertThat(await(store.find(RoomId.of("past")))).isPresent();
  }

  @Test
  public void persistentRoomsSurviveAReopenWithEveryField() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    RoomRecord full = new RoomRecord(LOBBY, "Welcome", "pbkdf2-sha256$1000$c2FsdA$aGFzaA", 25, ADA,
        NOW, NOW.plusSeconds(3600), false);
    RoomRecord bare = new RoomRecord(RoomId.of("attic"), "", null, 0, null, NOW.plusMillis(1),
        null, false);
    RoomRecord expired = expiring("cellar", NOW.minusSeconds(1));
    await(store.create(full));
    await(store.create(bare));
    await(store.create(expired));

    store = reopen();

    assertThat(await(store.find(LOBBY))).contains(full);
    assertThat(await(store.find(RoomId.of("attic")))).contains(bare);
    assertThat(await(store.list())).containsExactly(bare, expired, full);
    assertThat(await(store.expired(NOW, 10))).containsExactly(expired);
    assertThat(await(store.create(room("lobby", 0)))).as("the name is still taken").isFalse();
  }

  @Test
  public void concurrentJoinersNeverExceedTheMemberLimit() throws Exception {
    int joiners = 50;
    int limit = 10;
    await(store.create(room("lobby", limit)));
    ExecutorService pool = Executors.newFixedThreadPool(joiners);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<JoinOutcome>> results = new ArrayList<>();
      for (int i = 0; i < joiners; i++) {
        UserId user = UserId.of("user" + i);
        String connection = "conn" + i;
        results.add(pool.submit(() -> {
          start.await();
          return join(user, connection);
        }));
      }
      start.countDown();

      List<JoinOutcome> outcomes = new ArrayList<>();
      for (Future<JoinOutcome> result : results) {
        outcomes.add(result.get(30, TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn(o -> o == JoinOutcome.JOINED_FIRST_DEVICE).hasSize(limit);
      assertThat(outcomes).filteredOn(o -> o == JoinOutcome.FULL).hasSize(joiners - limit);
      assertThat(await(store.members(LOBBY))).hasSize(limit);
    } finally {
      pool.shutdownNow();
    }
  }

  private JoinOutcome join(UserId user, String connection) {
    return await(store.addMember(LOBBY, user, ConnectionId.of(connection)));
  }

  private LeaveOutcome leave(UserId user, String connection) {
    return await(store.removeMember(LOBBY, user, ConnectionId.of(connection)));
  }

  private static RoomRecord room(String name, int memberLimit) {
    return new RoomRecord(RoomId.of(name), "", null, memberLimit, null, NOW, null, false);
  }

  private static RoomRecord expiring(String name, Instant expiresAt) {
    return new RoomRecord(RoomId.of(name), "", null, 0, null, NOW.minusSeconds(3600), expiresAt,
        false);
  }
}
