package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.LimitsContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyLimitsIT extends LimitsContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
