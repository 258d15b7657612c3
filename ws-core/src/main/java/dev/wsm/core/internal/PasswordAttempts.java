package dev.wsm.core.internal;

import dev.wsm.core.PasswordAttemptLimits;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong room passwords per (user, room) in a sliding window (see {@link PasswordAttemptLimits}).
 * Thread-safe; every call is O(maxFailures) under one short lock, never blocking on I/O.
 */
@Singleton
public final class PasswordAttempts {
  private record Key(UserId user, RoomId room) {}

  private final PasswordAttemptLimits limits;
  private final Clock clock;
  /** Failure times per pair, least recently failed first. Guarded by {@code this}. */
  private final LinkedHashMap<Key, ArrayDeque<Instant>> failures;

  @Inject
  public PasswordAttempts(PasswordAttemptLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    this.failures = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, ArrayDeque<Instant>> eldest) {
        return size() > limits.maxTracked();
      }
    };
  }

  /**
   * Whether the user may try a password for the room now. An allowed attempt counts as a failure
   * at once (so that attempts sent together cannot all slip through before the first one fails)
   * until {@link #succeeded} forgets it.
   */
  public synchronized boolean tryAttempt(UserId user, RoomId room) {
    Instant now = clock.instant();
    ArrayDeque<Instant> times = failures.computeIfAbsent(new Key(user, room), k -> new ArrayDeque<>());
    prune(times, now);
    if (times.size() >= limits.maxFailures()) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  /** A right password: the user's failures for the room are forgotten. */
  public synchronized void succeeded(UserId user, RoomId room) {
    failures.remove(new Key(user, room));
  }

  private void prune(ArrayDeque<Instant> times, Instant now) {
    Instant oldest = now.minus(limits.window());
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
      times.removeFirst();
    }
  }
}
