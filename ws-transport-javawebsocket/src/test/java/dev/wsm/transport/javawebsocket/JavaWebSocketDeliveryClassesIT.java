package dev.wsm.transport.javawebsocket;

import dev.wsm.testkit.transport.DeliveryClassesContract;
import dev.wsm.testkit.transport.TransportFixture;

class JavaWebSocketDeliveryClassesIT extends DeliveryClassesContract {
  @Override
  protected TransportFixture fixture() {
    return JavaWebSocketFixture.INSTANCE;
  }
}
