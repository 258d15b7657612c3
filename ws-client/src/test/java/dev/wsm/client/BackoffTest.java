package dev.wsm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Backoff D = Backoff.DEFAULTS;

  @Test
  void defaultsAre250MillisecondsBaseTenSecondsMaxAndNoAttemptLimit() {
    assertThat(D).isEqualTo(new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), 0));
    assertThat(D.allowsAttempt(1_000_000)).isTrue();
  }

  @Test
  void theCeilingDoublesFromTheBaseUntilItReachesTheMax() {
    assertThat(D.ceiling(0)).isEqualTo(Duration.ofMillis(250));
    assertThat(D.ceiling(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(D.ceiling(2)).isEqualTo(Duration.ofMillis(1000));
    assertThat(D.ceiling(5)).isEqualTo(Duration.ofMillis(8000));
    assertThat(D.ceiling(6)).isEqualTo(Duration.ofSeconds(10));
    assertThat(D.ceiling(31)).isEqualTo(Duration.ofSeconds(10));
    assertThat(D.ceiling(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofSeconds(10));
    Backoff extreme = new Backoff(Duration.ofMillis(1), Duration.ofHours(1), 0);
    for (int attempt = 0; attempt < 100; attempt++) {
      assertThat(extreme.ceiling(attempt)).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void everyDelayIsBetweenZeroAndItsCeiling() {
    RandomGenerator random = new SplittableRandom(42);
    for (int attempt = 0; attempt < 40; attempt++) {
      for (int draw = 0; draw < 200; draw++) {
        Duration delay = D.delay(attempt, random);
        assertThat(delay).isGreaterThanOrEqualTo(Duration.ZERO)
            .isLessThanOrEqualTo(D.ceiling(attempt));
      }
    }
  }

  @Test
  void delaysAreSpreadUniformlyOverTheWholeRange() {
    // Full jitter: uniform on [0, ceiling]. 10 buckets of 20,000 draws, each expected to get 2,000;
    // a fair generator stays within ±10% (the standard deviation per bucket is about 42).
    RandomGenerator random = new SplittableRandom(7);
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0);
    long ceiling = backoff.ceiling(3).toNanos(); // 800 ms
    int[] buckets = new int[10];
    long sum = 0;
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      long nanos = backoff.delay(3, random).toNanos();
      buckets[(int) Math.min(9, nanos * 10 / ceiling)]++;
      sum += nanos;
    }
    for (int count : buckets) {
      assertThat(count).isBetween(1800, 2200);
    }
    assertThat((double) sum / draws / ceiling).as("mean / ceiling").isBetween(0.48, 0.52);
  }

  @Test
  void theDefaultGeneratorJittersToo() {
    long distinct = java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> D.delay(4)).distinct().count();
    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void anAttemptLimitStopsAfterThatManyFailures() {
    Backoff three = D.withMaxAttempts(3);
    assertThat(three.allowsAttempt(0)).isTrue();
    assertThat(three.allowsAttempt(2)).isTrue();
    assertThat(three.allowsAttempt(3)).isFalse();
  }

  @Test
  void withersChangeOnlyTheirOwnValue() {
    assertThat(D.withBase(Duration.ofMillis(10)))
        .isEqualTo(new Backoff(Duration.ofMillis(10), Duration.ofSeconds(10), 0));
    assertThat(D.withMax(Duration.ofSeconds(1)))
        .isEqualTo(new Backoff(Duration.ofMillis(250), Duration.ofSeconds(1), 0));
    assertThat(D.withMaxAttempts(5).maxAttempts()).isEqualTo(5);
  }

  @Test
  void invalidSettingsAreRefusedWithTheRuleThatWasBroken() {
    assertThatIllegalArgumentException().isThrownBy(() -> D.withBase(Duration.ZERO))
        .withMessage("backoff base must be at least 1 ms (was PT0S)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withBase(null))
        .withMessageContaining("backoff base must be at least 1 ms");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMax(Duration.ofMillis(100)))
        .withMessage("backoff max must be at least the base PT0.25S (was PT0.1S)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMax(Duration.ofHours(2)))
        .withMessage("backoff max must be at most 1 hour (was PT2H)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMaxAttempts(-1))
        .withMessage("backoff maxAttempts must be 0 (no limit) or positive (was -1)");
    assertThatIllegalArgumentException().isThrownBy(() -> D.ceiling(-1))
        .withMessage("attempt must not be negative (was -1)");
  }
}
