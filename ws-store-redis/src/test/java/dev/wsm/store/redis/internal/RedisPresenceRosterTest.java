package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRoster;
import dev.wsm.core.spi.PresenceRoster.Aggregate;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.PresenceRosterContract;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisPresenceRosterTest extends PresenceRosterContract {
  private static final UserId ADA = UserId.of("ada");
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
  protected PresenceRoster createRoster() {
    RedisOptions options = harness.fresh();
    return new RedisPresenceRoster(harness.connector(), options, harness.lease(options));
  }

  @Test
  void theAggregateOverTwoNodesHasTheBestStatusAllDevicesAndTheLatestActivity() throws Exception {
    RedisOptions options = harness.fresh();
    PresenceRoster a = new RedisPresenceRoster(harness.connector(), options, harness.lease(options));
    PresenceRoster b = new RedisPresenceRoster(harness.connector(), options, harness.lease(options));

    get(a.put(ADA, PresenceStatus.AWAY, 2, T2, "{\"m\":1}"));
    Aggregate both = get(b.put(ADA, PresenceStatus.BUSY, 1, T1, null));

    assertThat(both).isEqualTo(new Aggregate(PresenceStatus.BUSY, 3, T2, "{\"m\":1}"));
    Aggregate afterA = get(a.put(ADA, PresenceStatus.OFFLINE, 0, T2, null));
    assertThat(afterA).isEqualTo(new Aggregate(PresenceStatus.BUSY, 1, T1, "{\"m\":1}"));
    assertThat(get(a.get(ADA))).isEqualTo(afterA);
  }

  @Test
  void aDeadNodesDevicesStopCountingWhenItsLeaseRunsOut() throws Exception {
    RedisOptions options = harness.fresh().withPresenceLease(Duration.ofSeconds(2));
    NodeLease dying = harness.lease(options);
    PresenceRoster crashed = new RedisPresenceRoster(harness.connector(), options, dying);
    PresenceRoster alive = new RedisPresenceRoster(harness.connector(), options,
        harness.lease(options));
    get(crashed.put(ADA, PresenceStatus.ONLINE, 1, T1, null));
    get(alive.put(ADA, PresenceStatus.AWAY, 1, T1, null));

    dying.halt();
    Thread.sleep(2_500);

    assertThat(get(alive.get(ADA))).isEqualTo(new Aggregate(PresenceStatus.AWAY, 1, T1, null));
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
