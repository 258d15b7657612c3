package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.RoutingContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketRoutingIT extends RoutingContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
