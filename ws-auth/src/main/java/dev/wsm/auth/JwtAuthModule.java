package dev.wsm.auth;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.spi.Authenticator;
import java.util.Objects;

/**
 * Binds {@link JwtAuthenticator} as the {@link Authenticator}. Install it next to {@code CoreModule}
 * (instead of {@link TicketAuthModule}, which can take JWTs too).
 */
public final class JwtAuthModule extends AbstractModule {
  private final JwtOptions options;

  public JwtAuthModule(JwtOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  protected void configure() {
    bind(JwtOptions.class).toInstance(options);
    OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setBinding().to(JwtAuthenticator.class);
  }
}
