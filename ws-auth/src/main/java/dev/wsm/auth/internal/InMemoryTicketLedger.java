package dev.wsm.auth.internal;

import dev.wsm.auth.TicketLedger;
import dev.wsm.auth.TicketOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Used ticket ids in this JVM, each kept until its ticket expires, at most
 * {@link TicketOptions#ledgerCapacity()} of them. Expired ids are swept when the ledger fills and
 * every 1,024 redemptions.
 */
@Singleton
public final class InMemoryTicketLedger implements TicketLedger {
  private static final int SWEEP_EVERY = 1024;
  private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger sinceSweep = new AtomicInteger();
  private final int capacity;
  private final Clock clock;

  @Inject
  public InMemoryTicketLedger(TicketOptions options, Clock clock) {
    this.capacity = options.ledgerCapacity();
    this.clock = clock;
  }

  @Override
  public Outcome redeem(String ticketId, Instant expiresAt) {
    if (sinceSweep.incrementAndGet() >= SWEEP_EVERY || size.get() >= capacity) {
      sweep();
    }
    if (used.containsKey(ticketId)) {
      return Outcome.USED_BEFORE;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return Outcome.FULL;
    }
    if (used.putIfAbsent(ticketId, expiresAt) != null) {
      size.decrementAndGet();
      return Outcome.USED_BEFORE;
    }
    return Outcome.FIRST_USE;
  }

  private void sweep() {
    sinceSweep.set(0);
    Instant now = clock.instant();
    used.forEach((id, expiry) -> {
      if (!expiry.isAfter(now) && used.remove(id, expiry)) {
        size.decrementAndGet();
      }
    });
  }

  /** Ids remembered now (for tests and metrics). */
  public int size() {
    return size.get();
  }
}
