package dev.wsm.core;

import java.time.Duration;

/**
 * How many wrong room passwords a user may try. Immutable; start from {@link #DEFAULTS}.
 *
 * @param maxFailures wrong passwords one user may give for one room within {@code window}; further
 *     {@code join}s of that room by that user fail with {@code rate_limited}, without running the
 *     password hash, until the oldest failure leaves the window (default 5)
 * @param window the sliding window failures are counted in (default 1 minute)
 * @param maxTracked most (user, room) pairs remembered; the least recently failed pair is forgotten
 *     beyond it (default 100,000)
 */
public record PasswordAttemptLimits(int maxFailures, Duration window, int maxTracked) {
  public static final PasswordAttemptLimits DEFAULTS =
      new PasswordAttemptLimits(5, Duration.ofMinutes(1), 100_000);

  public PasswordAttemptLimits {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be positive");
    }
  }

  public PasswordAttemptLimits withMaxFailures(int newMaxFailures) {
    return new PasswordAttemptLimits(newMaxFailures, window, maxTracked);
  }

  public PasswordAttemptLimits withWindow(Duration newWindow) {
    return new PasswordAttemptLimits(maxFailures, newWindow, maxTracked);
  }

  public PasswordAttemptLimits withMaxTracked(int newMaxTracked) {
    return new PasswordAttemptLimits(maxFailures, window, newMaxTracked);
  }
}
