package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.HandshakeLimitsContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketHandshakeLimitsIT extends HandshakeLimitsContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
