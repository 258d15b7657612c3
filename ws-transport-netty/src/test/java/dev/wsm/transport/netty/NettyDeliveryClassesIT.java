package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.DeliveryClassesContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyDeliveryClassesIT extends DeliveryClassesContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
