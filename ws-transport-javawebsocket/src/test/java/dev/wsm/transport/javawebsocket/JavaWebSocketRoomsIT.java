package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.RoomsContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketRoomsIT extends RoomsContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
