package dev.wsm.core.internal;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.spi.ConnectionQuota;
import dev.wsm.core.spi.TransportSession;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A connection's places in this node's counts and limits: the per-address count ({@link
 * ConnectionAdmission}), the pool, the inbound rate limits, the connection quota, the pending
 * authorizations and the slow-consumer count. Claimed when the connection opens, released when it
 * closes.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: the quota answers
 * later (see {@link QuotaAdmission}).
 */
@Singleton
public final class ConnectionSlots {
  private final ConnectionAdmission admission;
  private final InMemoryConnectionPool pool;
  private final InboundLimiter limiter;
  private final QuotaAdmission quota;
  private final AccessChecks access;
  private final DeliveryPressure pressure;

  @Inject
  public ConnectionSlots(ConnectionAdmission admission, InMemoryConnectionPool pool,
      InboundLimiter limiter, QuotaAdmission quota, AccessChecks access, DeliveryPressure pressure) {
    this.admission = admission;
    this.pool = pool;
    this.limiter = limiter;
    this.quota = quota;
    this.access = access;
    this.pressure = pressure;
  }

  /**
   * Counts {@code c} in, and reserves its place in the quota; empty, with {@code session} closed
   * with {@link CloseCodes#TOO_MANY_CONNECTIONS}, if its address or its user has too many.
   */
  Optional<CompletionStage<ConnectionQuota.Verdict>> claim(LiveConnection c,
      TransportSession session) {
    if (!admission.opened(c.id(), session.remoteAddress())) {
      session.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections from this address");
      return Optional.empty();
    }
    if (!pool.add(c)) {
      admission.closed(c.id());
      session.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections for this user");
      return Optional.empty();
    }
    limiter.opened(c.id(), c.user());
    return Optional.of(quota.reserve(c));
  }

  /** Closes {@code c} when its quota reservation is refused (see {@link QuotaAdmission#enforce}). */
  void enforceQuota(LiveConnection c, CompletionStage<ConnectionQuota.Verdict> reservation) {
    quota.enforce(c, reservation);
  }

  /** Counts a connection closed with {@code code} out of everything {@link #claim} counted it in. */
  void release(LiveConnection c, int code) {
    pool.remove(c);
    if (code == CloseCodes.SLOW_CONSUMER) {
      pressure.slowConsumerClosed();
    }
    access.forget(c.id());
    limiter.closed(c.id(), c.user());
    admission.closed(c.id());
    quota.closed(c);
  }
}
