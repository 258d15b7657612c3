package dev.wsm.transport.netty;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.spi.Transport;

/** Binds the Netty {@link Transport} with its options. Install with {@code CoreModule}. */
public final class NettyTransportModule extends AbstractModule {
  private final NettyOptions options;

  public NettyTransportModule(NettyOptions options) {
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  @Override
  protected void configure() {
    bind(NettyOptions.class).toInstance(options);
    OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(NettyTransport.class);
  }
}
