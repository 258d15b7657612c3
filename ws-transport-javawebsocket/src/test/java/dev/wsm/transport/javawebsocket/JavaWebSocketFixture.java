package dev.wsm.transport.javawebsocket;

import com.google.inject.Module;
import dev.wsm.testkit.transport.TransportFixture;
import dev.wsm.testkit.transport.TransportSettings;

/** The Java-WebSocket transport for the ws-testkit transport contract suites. */
enum JavaWebSocketFixture implements TransportFixture {
  INSTANCE;

  @Override
  public Module transport(TransportSettings settings) {
    return new JavaWebSocketTransportModule(JavaWebSocketOptions.DEFAULTS.withPort(0)
        .withOutboundQueue(JavaWebSocketOptions.DEFAULTS.maxQueuedFrames(), settings.maxQueuedBytes())
        .withCloseTimeout(settings.closeTimeout())
        .withHandshakeTimeout(settings.handshakeTimeout())
        .withMaxPendingHandshakes(settings.maxPendingHandshakes())
        .withTls(settings.tls()));
  }
}
