package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.TlsContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketTlsIT extends TlsContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
