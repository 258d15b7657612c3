package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.ListenersContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketListenersIT extends ListenersContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
