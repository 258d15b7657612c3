package dev.wsm.core.internal;

import dev.wsm.core.DeviceId;
import dev.wsm.core.HubOptions;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Authenticator;
import dev.wsm.core.spi.Handshake;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a WebSocket upgrade: the {@link ConnectionAdmission} checks, then the {@link
 * Authenticator}, then the principal's device, the per-user connection cap, and the users and
 * addresses last found at their cluster-wide cap ({@link QuotaAdmission#refusal}, from memory).
 *
 * <p>Threading: called on the transport thread doing the upgrade. Blocks only as long as the
 * Authenticator does.
 */
@Singleton
public final class HandshakeCheck {
  private static final Logger log = LoggerFactory.getLogger(HandshakeCheck.class);
  private final ConnectionAdmission admission;
  private final Authenticator authenticator;
  private final InMemoryConnectionPool pool;
  private final HubOptions options;
  private final QuotaAdmission quota;

  @Inject
  public HandshakeCheck(ConnectionAdmission admission, Authenticator authenticator,
      InMemoryConnectionPool pool, HubOptions options, QuotaAdmission quota) {
    this.quota = quota;
    this.admission = admission;
    this.authenticator = authenticator;
    this.pool = pool;
    this.options = options;
  }

  /** Accepted with the principal, or refused with an HTTP status and a reason. */
  AuthResult check(Handshake handshake) {
    Optional<AuthResult> refused = admission.refusal(handshake);
    if (refused.isPresent()) {
      return refused.get();
    }
    AuthResult result;
    try {
      result = authenticator.authenticate(handshake);
    } catch (RuntimeException e) {
      log.error("Authenticator failed; refusing the connection", e);
      return AuthResult.refuse(500, "authentication failed");
    }
    if (result instanceof AuthResult.Accepted accepted) {
      try {
        DeviceId.from(accepted.principal());
      } catch (IllegalArgumentException e) {
        return AuthResult.refuse(400, "metadata 'device': " + e.getMessage());
      }
    }
    if (result instanceof AuthResult.Accepted accepted && !pool.hasRoomFor(accepted.principal().user())) {
      return AuthResult.refuse(429, "too many connections for this user (limit "
          + options.maxConnectionsPerUser() + ")");
    }
    if (result instanceof AuthResult.Accepted accepted) {
      return quota.refusal(accepted.principal().user(), handshake.remoteAddress()).orElse(result);
    }
    return result;
  }
}
