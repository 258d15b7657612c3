package dev.wsm.core.internal;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.spi.ConnectionQuota;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts opened connections in the {@link ConnectionQuota} (cluster-wide with a shared store)
 * without waiting for it: a connection the quota refuses is closed with {@link
 * CloseCodes#TOO_MANY_CONNECTIONS} when the answer arrives. A quota that cannot answer (its store
 * unreachable) admits: the node's own limits still hold.
 */
@Singleton
public final class QuotaAdmission {
  private static final Logger log = LoggerFactory.getLogger(QuotaAdmission.class);

  private final ConnectionQuota quota;
  private final int maxPerUser;
  private final int maxPerAddress;

  @Inject
  public QuotaAdmission(ConnectionQuota quota, HubOptions hub, LimitOptions limits) {
    this.quota = quota;
    this.maxPerUser = hub.maxConnectionsPerUser();
    this.maxPerAddress = limits.maxConnectionsPerIp();
  }

  /** Reserves a slot for an opened connection; never blocks. */
  public void opened(LiveConnection c) {
    if (maxPerUser == 0 && maxPerAddress == 0) {
      return;
    }
    InetSocketAddress remote = c.remoteAddress();
    String address = remote == null || remote.getAddress() == null
        ? null : remote.getAddress().getHostAddress();
    quota.reserve(c.id(), c.user(), address, maxPerUser, maxPerAddress)
        .whenComplete((verdict, failure) -> {
          if (failure != null) {
            log.warn("Could not count {} in the connection quota; admitted: {}", c.id(),
                Futures.unwrap(failure).getMessage());
          } else if (verdict == ConnectionQuota.Verdict.USER_FULL) {
            c.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections for this user (limit "
                + maxPerUser + ")");
          } else if (verdict == ConnectionQuota.Verdict.ADDRESS_FULL) {
            c.close(CloseCodes.TOO_MANY_CONNECTIONS,
                "too many connections from this address (limit " + maxPerAddress + ")");
          }
        });
  }

  /** Releases the slot of a closed connection; never blocks. */
  public void closed(LiveConnection c) {
    if (maxPerUser == 0 && maxPerAddress == 0) {
      return;
    }
    quota.release(c.id()).exceptionally(e -> {
      log.warn("Could not release {} from the connection quota: {}", c.id(),
          Futures.unwrap(e).getMessage());
      return null;
    });
  }
}
