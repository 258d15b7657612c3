package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.SlowConsumerContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketSlowConsumerIT extends SlowConsumerContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
