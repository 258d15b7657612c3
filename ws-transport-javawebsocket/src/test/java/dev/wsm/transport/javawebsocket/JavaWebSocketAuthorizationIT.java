package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.AuthorizationContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketAuthorizationIT extends AuthorizationContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
