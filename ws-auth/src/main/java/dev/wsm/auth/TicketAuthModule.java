package dev.wsm.auth;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.auth.internal.InMemoryTicketLedger;
import dev.wsm.core.spi.Authenticator;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds {@link TicketAuthenticator} as the {@link Authenticator}, {@link ConnectionTickets} (get it
 * from the injector to issue tickets) and the in-memory {@link TicketLedger} as the default
 * ledger (override it with {@code OptionalBinder.newOptionalBinder(binder, TicketLedger.class)
 * .setBinding()}). With {@link JwtOptions}, connections without a ticket may bring a JWT.
 */
public final class TicketAuthModule extends AbstractModule {
  private final TicketOptions tickets;
  private final Optional<JwtOptions> jwt;

  /** Tickets only. */
  public TicketAuthModule(TicketOptions tickets) {
    this(tickets, Optional.empty());
  }

  /** A ticket, or else a JWT. */
  public TicketAuthModule(TicketOptions tickets, JwtOptions jwt) {
    this(tickets, Optional.of(jwt));
  }

  private TicketAuthModule(TicketOptions tickets, Optional<JwtOptions> jwt) {
    this.tickets = Objects.requireNonNull(tickets, "tickets");
    this.jwt = jwt;
  }

  @Override
  protected void configure() {
    bind(TicketOptions.class).toInstance(tickets);
    bind(new TypeLiteral<Optional<JwtOptions>>() { }).toInstance(jwt);
    bind(ConnectionTickets.class);
    OptionalBinder.newOptionalBinder(binder(), TicketLedger.class).setDefault().to(InMemoryTicketLedger.class);
    OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setBinding().to(TicketAuthenticator.class);
  }
}
