package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.PresenceContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketPresenceIT extends PresenceContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
