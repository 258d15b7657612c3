package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.SlowConsumerContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettySlowConsumerIT extends SlowConsumerContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
