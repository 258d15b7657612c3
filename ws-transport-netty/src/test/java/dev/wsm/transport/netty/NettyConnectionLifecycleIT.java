package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.ConnectionLifecycleContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyConnectionLifecycleIT extends ConnectionLifecycleContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
