package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.ListenersContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyListenersIT extends ListenersContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
