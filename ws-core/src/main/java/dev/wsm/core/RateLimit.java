package dev.wsm.core;

import java.time.Duration;

/**
 * A token bucket: {@code permits} tokens are added every {@code period}, spread evenly, up to {@code
 * burst} tokens; each inbound message takes one. Immutable. {@link #OFF} means no limit.
 *
 * @param permits tokens added per period (0 only in {@link #OFF})
 * @param period the refill period, positive
 * @param burst the bucket's capacity, at least {@code 1} (0 only in {@link #OFF}); a full bucket
 *     lets this many messages through at once
 */
public record RateLimit(long permits, Duration period, long burst) {
  /** No limit. */
  public static final RateLimit OFF = new RateLimit(0, Duration.ofSeconds(1), 0);

  public RateLimit {
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate limit's period must be positive");
    }
    boolean off = permits == 0 && burst == 0;
    if (!off && (permits < 1 || burst < 1)) {
      throw new IllegalArgumentException("a rate limit needs at least 1 permit per period and a burst"
          + " of at least 1, or 0 and 0 for no limit (was " + permits + " per " + period + ", burst "
          + burst + ")");
    }
  }

  /** {@code permits} per second with the given burst. */
  public static RateLimit perSecond(long permits, long burst) {
    return new RateLimit(permits, Duration.ofSeconds(1), burst);
  }

  /** Whether this is {@link #OFF}: no limit at all. */
  public boolean isOff() {
    return permits == 0;
  }

  /** This rate with another burst. */
  public RateLimit withBurst(long newBurst) {
    return new RateLimit(permits, period, newBurst);
  }

  /** Reads as {@code 10/1s burst 20}, or {@code off}. */
  @Override
  public String toString() {
    return isOff() ? "off" : permits + "/" + period.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
        + " burst " + burst;
  }
}
