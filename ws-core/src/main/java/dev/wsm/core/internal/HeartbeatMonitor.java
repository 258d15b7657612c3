package dev.wsm.core.internal;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.HubOptions;
import dev.wsm.core.spi.ConnectionStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * Pings every connection each {@link HubOptions#heartbeatInterval()} and closes those silent (no
 * frame, no pong) for longer than {@link HubOptions#heartbeatTimeout()} with {@link
 * CloseCodes#HEARTBEAT_TIMEOUT}. A connection whose reads the {@link RequestBackpressure} has
 * suspended is not silent but unheard: it is never closed for it, and its silence counts from when
 * its reads resume. Records each pong's round trip as the connection's latency.
 */
@Singleton
public final class HeartbeatMonitor {
  private final InMemoryConnectionPool pool;
  private final ConnectionStore store;
  private final Clock clock;
  private final long timeoutNanos;

  @Inject
  public HeartbeatMonitor(InMemoryConnectionPool pool, ConnectionStore store, Clock clock,
      HubOptions options) {
    this.pool = pool;
    this.store = store;
    this.clock = clock;
    this.timeoutNanos = options.heartbeatTimeout().toNanos();
  }

  /** One round: close the silent, ping the rest. */
  public void tick() {
    long now = System.nanoTime();
    for (LiveConnection c : pool.liveAll()) {
      if (now - c.lastSeenNanos() > timeoutNanos && !c.readsSuspended()) {
        c.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
      } else {
        c.ping();
      }
    }
  }

  /** A pong arrived. */
  public void pong(LiveConnection c, java.nio.ByteBuffer payload) {
    Duration rtt = c.pong(payload);
    if (rtt != null) {
      store.heartbeat(c.id(), clock.instant(), rtt);
    }
  }
}
