package dev.wsm.transport.netty;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts connections accepted but not yet upgraded, up to a cap. Thread-safe. */
final class PendingHandshakes {
  private final int max;
  private final AtomicInteger pending = new AtomicInteger();

  PendingHandshakes(int max) {
    this.max = max;
  }

  /** Takes a place for a new connection; false when the cap is reached. */
  boolean tryAcquire() {
    while (true) {
      int now = pending.get();
      if (now >= max) {
        return false;
      }
      if (pending.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a place taken by {@link #tryAcquire()}; call once per place. */
  void release() {
    pending.decrementAndGet();
  }
}
