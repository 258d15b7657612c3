package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.ProtocolErrorsContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketProtocolErrorsIT extends ProtocolErrorsContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
