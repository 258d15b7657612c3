package dev.wsm.transport.netty;

import com.google.inject.Module;
import dev.wsm.testkit.transport.TransportFixture;
import dev.wsm.testkit.transport.TransportSettings;

/** The Netty transport as the transport contract suites need it. */
enum NettyFixture implements TransportFixture {
  INSTANCE;

  @Override
  public Module transport(TransportSettings settings) {
    return new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)
        .withMaxQueuedBytes(settings.maxQueuedBytes())
        .withCloseTimeout(settings.closeTimeout())
        .withHandshakeTimeout(settings.handshakeTimeout())
        .withMaxPendingHandshakes(settings.maxPendingHandshakes())
        .withTls(settings.tls()));
  }
}
