package dev.wsm.auth;

import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Authenticator;
import dev.wsm.core.spi.Handshake;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * Accepts a one-time {@code ?ticket=} (see {@link ConnectionTickets}) or, when the request has no
 * ticket and JWT options are given, a JWT as {@link JwtAuthenticator} does. No credential: 401
 * {@code missing ticket or token} (or {@code missing ticket} without JWT). Thread-safe; never
 * blocks beyond what the {@link TicketLedger} does.
 */
@Singleton
public final class TicketAuthenticator implements Authenticator {
  private final ConnectionTickets tickets;
  private final Optional<JwtAuthenticator> jwt;

  @Inject
  public TicketAuthenticator(ConnectionTickets tickets, Optional<JwtOptions> jwt, Clock clock) {
    this.tickets = tickets;
    this.jwt = jwt.map(options -> new JwtAuthenticator(options, clock));
  }

  @Override
  public AuthResult authenticate(Handshake handshake) {
    Optional<String> ticket = handshake.queryParam("ticket");
    if (ticket.isPresent()) {
      return tickets.redeem(ticket.get());
    }
    return jwt.map(j -> j.authenticate(handshake))
        .map(r -> r instanceof AuthResult.Refused refused && refused.reason().equals("missing token")
            ? AuthResult.refuse(401, "missing ticket or token") : r)
        .orElseGet(() -> AuthResult.refuse(401, "missing ticket"));
  }
}
