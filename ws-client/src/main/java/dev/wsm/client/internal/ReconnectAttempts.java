package dev.wsm.client.internal;

import dev.wsm.client.Backoff;
import java.time.Duration;

/**
 * The reconnect attempts of one client: the {@link Backoff} delay before each, counted from the
 * last reconnect that got the client back in its rooms (not from the last connection that opened:
 * a server that drops every connection while resuming is backed off from too). Which endings are
 * retried at all is {@link Reconnect}'s.
 *
 * <p>Threads: not thread-safe; guarded by the client's lock.
 */
final class ReconnectAttempts {
  private final Backoff backoff;
  private int failed;

  ReconnectAttempts(Backoff backoff) {
    this.backoff = backoff;
  }

  /** The delay before the next attempt, which it counts; null when the backoff allows no more. */
  Duration next() {
    if (!backoff.allowsAttempt(failed)) {
      return null;
    }
    Duration delay = backoff.delay(failed);
    failed++;
    return delay;
  }

  /** The attempts since the last successful reconnect. */
  int failed() {
    return failed;
  }

  /** The client is connected and back in its rooms: the next loss starts from the first delay. */
  void succeeded() {
    failed = 0;
  }

  /** How long to wait before trying again while slow handlers drain the event queue. */
  Duration drainWait() {
    return backoff.base();
  }
}
