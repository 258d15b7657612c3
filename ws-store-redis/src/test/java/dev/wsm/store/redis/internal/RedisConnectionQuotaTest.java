package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionQuota;
import dev.wsm.core.spi.ConnectionQuota.Verdict;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.ConnectionQuotaContract;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisConnectionQuotaTest extends ConnectionQuotaContract {
  private static StoreHarness harness;

  @BeforeAll
  static void connect() {
    harness = new StoreHarness();
  }

  @AfterAll
  static void cleanUp() {
    harness.close();
  }

  @Override
  protected ConnectionQuota createQuota() {
    RedisOptions options = harness.fresh();
    return new RedisConnectionQuota(harness.connector(), options, harness.lease(options));
  }

  @Test
  void twoNodesShareTheCountsOfAUser() throws Exception {
    RedisOptions options = harness.fresh();
    ConnectionQuota a = new RedisConnectionQuota(harness.connector(), options,
        harness.lease(options));
    ConnectionQuota b = new RedisConnectionQuota(harness.connector(), options,
        harness.lease(options));
    UserId ada = UserId.of("ada");

    assertThat(get(a.reserve(ConnectionId.random(), ada, "10.0.0.1", 2, 0)))
        .isEqualTo(Verdict.ADMITTED);
    assertThat(get(b.reserve(ConnectionId.random(), ada, "10.0.0.2", 2, 0)))
        .isEqualTo(Verdict.ADMITTED);

    assertThat(get(a.reserve(ConnectionId.random(), ada, "10.0.0.3", 2, 0)))
        .isEqualTo(Verdict.USER_FULL);
    assertThat(get(b.countForUser(ada))).isEqualTo(2);
  }

  @Test
  void aDeadNodesConnectionsStopCountingWhenItsLeaseRunsOut() throws Exception {
    RedisOptions options = harness.fresh().withPresenceLease(Duration.ofSeconds(2));
    NodeLease dying = harness.lease(options);
    ConnectionQuota crashed = new RedisConnectionQuota(harness.connector(), options, dying);
    ConnectionQuota alive = new RedisConnectionQuota(harness.connector(), options,
        harness.lease(options));
    UserId ada = UserId.of("ada");
    get(crashed.reserve(ConnectionId.random(), ada, "10.0.0.1", 1, 1));
    assertThat(get(alive.reserve(ConnectionId.random(), ada, "10.0.0.2", 1, 1)))
        .isEqualTo(Verdict.USER_FULL);

    dying.halt();
    Thread.sleep(2_500);

    assertThat(get(alive.countForUser(ada))).isZero();
    assertThat(get(alive.countForAddress("10.0.0.1"))).isZero();
    assertThat(get(alive.reserve(ConnectionId.random(), ada, "10.0.0.1", 1, 1)))
        .isEqualTo(Verdict.ADMITTED);
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
