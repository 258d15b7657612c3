package dev.wsm.core.internal;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.ConnectionQuota;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts opened connections in the {@link ConnectionQuota} (cluster-wide with a shared store)
 * without waiting for it: a connection the quota refuses is closed with {@link
 * CloseCodes#TOO_MANY_CONNECTIONS} when the answer arrives. A quota that cannot answer (its store
 * unreachable) admits: the node's own limits still hold. A release that fails is tried again every
 * second for two minutes.
 *
 * <p>The quota's refusals are remembered for a few seconds ({@link FullQuotas}): a user or address
 * the quota last found at its limit is refused at the handshake (HTTP 429, {@link #refusal}) without
 * waiting for the quota, until a counted connection of it closes here or the mark expires.
 */
@Singleton
public final class QuotaAdmission {
  private static final Logger log = LoggerFactory.getLogger(QuotaAdmission.class);
  static final long RETRY_DELAY_MILLIS = 1_000;
  /** Two minutes of retries; by then an unreachable store has bigger problems. */
  static final int MAX_RELEASE_ATTEMPTS = 120;

  private final ConnectionQuota quota;
  private final int maxPerUser;
  private final int maxPerAddress;
  private final FullQuotas full = new FullQuotas();
  /** Connections the quota refused (they are being closed): their close frees no slot. */
  private final Set<dev.wsm.core.ConnectionId> refused =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Inject
  public QuotaAdmission(ConnectionQuota quota, HubOptions hub, LimitOptions limits) {
    this.quota = quota;
    this.maxPerUser = hub.maxConnectionsPerUser();
    this.maxPerAddress = limits.maxConnectionsPerIp();
  }

  /**
   * The refusal (429, as the node's own limits word it) for a handshake of {@code user} from {@code
   * remote} when the quota last found the user or the address at its cluster-wide limit; empty
   * otherwise. Never blocks: it reads only what this node remembers.
   */
  public Optional<AuthResult> refusal(UserId user, InetSocketAddress remote) {
    if (maxPerUser > 0 && full.isUserFull(user)) {
      return Optional.of(AuthResult.refuse(429,
          "too many connections for this user (limit " + maxPerUser + ")"));
    }
    if (maxPerAddress > 0 && full.isAddressFull(address(remote))) {
      return Optional.of(AuthResult.refuse(429,
          "too many connections from this address (limit " + maxPerAddress + ")"));
    }
    return Optional.empty();
  }

  /**
   * Reserves a slot for an opened connection; never blocks. Call it before the connection is
   * attached to its session, so that its release (on close) always follows the reservation.
   */
  public CompletionStage<ConnectionQuota.Verdict> reserve(LiveConnection c) {
    if (maxPerUser == 0 && maxPerAddress == 0) {
      return CompletableFuture.completedFuture(ConnectionQuota.Verdict.ADMITTED);
    }
    String address = address(c.remoteAddress());
    try {
      return quota.reserve(c.id(), c.user(), address, maxPerUser, maxPerAddress);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Closes the connection with {@link CloseCodes#TOO_MANY_CONNECTIONS} if its reservation is
   * refused. Call it once the connection is attached (its close then cleans it up).
   */
  public void enforce(LiveConnection c, CompletionStage<ConnectionQuota.Verdict> reservation) {
    reservation.whenComplete((verdict, failure) -> {
      if (failure != null) {
        log.warn("Could not count {} in the connection quota; admitted: {}", c.id(),
            Futures.unwrap(failure).getMessage());
      } else if (verdict == ConnectionQuota.Verdict.USER_FULL) {
        refusedOpen(c);
        full.userFull(c.user());
        c.close(CloseCodes.TOO_MANY_CONNECTIONS, "too many connections for this user (limit "
            + maxPerUser + ")");
      } else if (verdict == ConnectionQuota.Verdict.ADDRESS_FULL) {
        refusedOpen(c);
        full.addressFull(address(c.remoteAddress()));
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
    if (!refused.remove(c.id())) {
      full.freed(c.user(), address(c.remoteAddress()));
    }
    release(c.id(), 1);
  }

  /** Remembers a refused connection until its close, unless it closed already. */
  private void refusedOpen(LiveConnection c) {
    refused.add(c.id());
    if (c.isClosed()) {
      refused.remove(c.id());
    }
  }

  private static String address(InetSocketAddress remote) {
    return remote == null || remote.getAddress() == null
        ? null : remote.getAddress().getHostAddress();
  }

  /** Releases, trying again every {@link #RETRY_DELAY_MILLIS} ms while the quota cannot answer. */
  private void release(dev.wsm.core.ConnectionId id, int attempt) {
    CompletionStage<Void> released;
    try {
      released = quota.release(id);
    } catch (RuntimeException e) {
      released = CompletableFuture.failedFuture(e);
    }
    released.exceptionally(e -> {
      if (attempt >= MAX_RELEASE_ATTEMPTS) {
        log.error("Gave up releasing {} from the connection quota after {} attempts: {}", id,
            attempt, Futures.unwrap(e).getMessage());
      } else {
        if (attempt == 1) {
          log.warn("Could not release {} from the connection quota; trying again: {}", id,
              Futures.unwrap(e).getMessage());
        }
        CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS)
            .execute(() -> release(id, attempt + 1));
      }
      return null;
    });
  }
}
