package dev.wsm.transport.javawebsocket;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.spi.Transport;

/** Binds the Java-WebSocket {@link Transport} with its options. Install with {@code CoreModule}. */
public final class JavaWebSocketTransportModule extends AbstractModule {
  private final JavaWebSocketOptions options;

  public JavaWebSocketTransportModule(JavaWebSocketOptions options) {
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  @Override
  protected void configure() {
    bind(JavaWebSocketOptions.class).toInstance(options);
    OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding()
        .to(JavaWebSocketTransport.class);
  }
}
