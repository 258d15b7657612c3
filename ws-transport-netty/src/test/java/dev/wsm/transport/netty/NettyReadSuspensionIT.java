package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.ReadSuspensionContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyReadSuspensionIT extends ReadSuspensionContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
