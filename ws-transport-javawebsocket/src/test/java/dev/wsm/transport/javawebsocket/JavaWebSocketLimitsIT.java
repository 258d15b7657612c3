package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.LimitsContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketLimitsIT extends LimitsContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
