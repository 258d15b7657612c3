package dev.wsm.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * How long the client waits before each reconnect attempt: exponential backoff with full jitter.
 * The delay before attempt {@code n} (0 for the first attempt after a connection was lost) is drawn
 * uniformly from {@code [0, min(max, base × 2^n)]}. Full jitter spreads the reconnects of many
 * clients that lost their server at the same moment, so they do not all come back at once.
 * Immutable; start from {@link #DEFAULTS} and change with the {@code with…} methods.
 *
 * @param base the ceiling of the first delay (default 250 ms; at least 1 ms, at most {@code max})
 * @param max the largest ceiling any delay can have (default 10 s; at most 1 hour)
 * @param maxAttempts consecutive failed attempts after which the client stops trying and closes
 *     (default 0 = no limit). The count starts again once the client is connected again
 *     (welcomed, and its rooms resumed).
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {
  /** The longest duration any setting may have (declared first: DEFAULTS is checked too). */
  private static final Duration LONGEST = Duration.ofHours(1);

  /** 250 ms base, 10 s maximum, unlimited attempts. */
  public static final Backoff DEFAULTS =
      new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), 0);

  public Backoff {
    if (base == null || base.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("backoff base must be at least 1 ms (was " + base + ")");
    }
    if (max == null || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff max must be at least the base " + base + " (was " + max + ")");
    }
    if (max.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("backoff max must be at most 1 hour (was " + max + ")");
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException(
          "backoff maxAttempts must be 0 (no limit) or positive (was " + maxAttempts + ")");
    }
  }

  public Backoff withBase(Duration value) {
    return new Backoff(value, max, maxAttempts);
  }

  public Backoff withMax(Duration value) {
    return new Backoff(base, value, maxAttempts);
  }

  public Backoff withMaxAttempts(int value) {
    return new Backoff(base, max, value);
  }

  /** The largest delay attempt {@code attempt} can get: {@code min(max, base × 2^attempt)}. */
  public Duration ceiling(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative (was " + attempt + ")");
    }
    long baseNanos = base.toNanos();
    long maxNanos = max.toNanos();
    // base >= 1 ms > 2^19 ns and max <= 1 h < 2^42 ns: from attempt 23 on the ceiling is the max.
    // Below 32 the shift cannot overflow once base <= max >> attempt holds.
    if (attempt >= 32 || baseNanos > (maxNanos >> attempt)) {
      return max;
    }
    return Duration.ofNanos(baseNanos << attempt);
  }

  /** Whether a further attempt is allowed after {@code failedAttempts} consecutive failures. */
  public boolean allowsAttempt(int failedAttempts) {
    return maxAttempts == 0 || failedAttempts < maxAttempts;
  }

  /** A delay for attempt {@code attempt}, uniform in {@code [0, ceiling(attempt)]}. */
  public Duration delay(int attempt) {
    return delay(attempt, ThreadLocalRandom.current());
  }

  /** As {@link #delay(int)}, drawing from the given generator. */
  public Duration delay(int attempt, RandomGenerator random) {
    long ceiling = ceiling(attempt).toNanos();
    return Duration.ofNanos(random.nextLong(ceiling + 1));
  }
}
