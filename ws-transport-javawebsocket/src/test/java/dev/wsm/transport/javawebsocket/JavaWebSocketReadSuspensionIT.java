package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.ReadSuspensionContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketReadSuspensionIT extends ReadSuspensionContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
