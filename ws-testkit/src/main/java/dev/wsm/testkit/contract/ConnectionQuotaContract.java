package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionQuota;
import dev.wsm.core.spi.ConnectionQuota.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ConnectionQuota} must pass. To test a quota, extend this class and
 * return a new, empty one from {@link #createQuota}, called before each test. A quota counts a
 * connection for its user and address only when both are under their limits (0: no limit), never
 * lets racing reservations pass a limit, admits a connection counted already without counting it
 * twice, and forgets what it released.
 */
public abstract class ConnectionQuotaContract {
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");
  private static final String HOME = "192.0.2.1";
  private static final String WORK = "192.0.2.2";

  private ConnectionQuota quota;

  /** A new, empty quota. */
  protected abstract ConnectionQuota createQuota();

  @BeforeEach
  public final void createQuotaUnderTest() {
    quota = createQuota();
  }

  @Test
  void anEmptyQuotaCountsNothing() {
    assertThat(await(quota.countForUser(ADA))).isZero();
    assertThat(await(quota.countForAddress(HOME))).isZero();
  }

  @Test
  void aUserUnderTheLimitIsAdmittedAndCounted() {
    assertThat(reserve(ConnectionId.random(), ADA, HOME, 2, 0)).isEqualTo(Verdict.ADMITTED);
    assertThat(reserve(ConnectionId.random(), ADA, WORK, 2, 0)).isEqualTo(Verdict.ADMITTED);

    assertThat(await(quota.countForUser(ADA))).isEqualTo(2);
    assertThat(await(quota.countForAddress(HOME))).isEqualTo(1);
    assertThat(await(quota.countForAddress(WORK))).isEqualTo(1);
  }

  @Test
  void aUserAtTheLimitIsRefusedAndNothingIsCounted() {
    reserve(ConnectionId.random(), ADA, HOME, 2, 0);
    reserve(ConnectionId.random(), ADA, HOME, 2, 0);

    assertThat(reserve(ConnectionId.random(), ADA, WORK, 2, 0)).isEqualTo(Verdict.USER_FULL);
    assertThat(await(quota.countForUser(ADA))).isEqualTo(2);
    assertThat(await(quota.countForAddress(WORK))).isZero();
    assertThat(reserve(ConnectionId.random(), BOB, WORK, 2, 0)).isEqualTo(Verdict.ADMITTED);
  }

  @Test
  void anAddressAtTheLimitIsRefusedAndNothingIsCounted() {
    reserve(ConnectionId.random(), ADA, HOME, 0, 1);

    assertThat(reserve(ConnectionId.random(), BOB, HOME, 0, 1)).isEqualTo(Verdict.ADDRESS_FULL);
    assertThat(await(quota.countForUser(BOB))).isZero();
    assertThat(await(quota.countForAddress(HOME))).isEqualTo(1);
    assertThat(reserve(ConnectionId.random(), BOB, WORK, 0, 1)).isEqualTo(Verdict.ADMITTED);
  }

  @Test
  void aZeroLimitMeansNoLimit() {
    for (int i = 0; i < 20; i++) {
      assertThat(reserve(ConnectionId.random(), ADA, HOME, 0, 0)).isEqualTo(Verdict.ADMITTED);
    }
    assertThat(await(quota.countForUser(ADA))).isEqualTo(20);
    assertThat(await(quota.countForAddress(HOME))).isEqualTo(20);
  }

  @Test
  void aConnectionWithoutAnAddressIsCountedForItsUserOnly() {
    assertThat(reserve(ConnectionId.random(), ADA, null, 1, 1)).isEqualTo(Verdict.ADMITTED);
    assertThat(reserve(ConnectionId.random(), BOB, null, 1, 1)).isEqualTo(Verdict.ADMITTED);

    assertThat(await(quota.countForUser(ADA))).isEqualTo(1);
  }

  @Test
  void reservingACountedConnectionAgainAdmitsItWithoutCountingItTwice() {
    ConnectionId one = ConnectionId.random();
    reserve(one, ADA, HOME, 1, 1);

    assertThat(reserve(one, ADA, HOME, 1, 1)).isEqualTo(Verdict.ADMITTED);
    assertThat(await(quota.countForUser(ADA))).isEqualTo(1);
    assertThat(await(quota.countForAddress(HOME))).isEqualTo(1);
  }

  @Test
  void aReleasedConnectionFreesItsSlotsOnce() {
    ConnectionId one = ConnectionId.random();
    reserve(one, ADA, HOME, 1, 1);
    reserve(ConnectionId.random(), BOB, WORK, 1, 1);

    await(quota.release(one));
    await(quota.release(one));

    assertThat(await(quota.countForUser(ADA))).isZero();
    assertThat(await(quota.countForAddress(HOME))).isZero();
    assertThat(await(quota.countForUser(BOB))).isEqualTo(1);
    assertThat(reserve(ConnectionId.random(), ADA, HOME, 1, 1)).isEqualTo(Verdict.ADMITTED);
  }

  @Test
  void releasingAnUnknownConnectionChangesNothing() {
    reserve(ConnectionId.random(), ADA, HOME, 0, 0);

    await(quota.release(ConnectionId.random()));

    assertThat(await(quota.countForUser(ADA))).isEqualTo(1);
  }

  @Test
  void racingReservationsNeverPassTheLimit() throws Exception {
    int racers = 16;
    int limit = 5;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Verdict>> verdicts = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        verdicts.add(pool.submit(() -> {
          start.await();
          return reserve(ConnectionId.random(), ADA, HOME, limit, 0);
        }));
      }
      start.countDown();
      int admitted = 0;
      for (Future<Verdict> v : verdicts) {
        if (v.get(Stages.TIMEOUT_SECONDS, TimeUnit.SECONDS) == Verdict.ADMITTED) {
          admitted++;
        }
      }
      assertThat(admitted).isEqualTo(limit);
      assertThat(await(quota.countForUser(ADA))).isEqualTo(limit);
    } finally {
      pool.shutdownNow();
    }
  }

  private Verdict reserve(ConnectionId id, UserId user, String address, int maxUser, int maxAddr) {
    CompletionStage<Verdict> stage = quota.reserve(id, user, address, maxUser, maxAddr);
    return await(stage);
  }
}
