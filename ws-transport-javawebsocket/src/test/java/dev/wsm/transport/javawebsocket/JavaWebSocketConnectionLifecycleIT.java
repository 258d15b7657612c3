package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.ConnectionLifecycleContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketConnectionLifecycleIT extends ConnectionLifecycleContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
