package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.RoutingContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyRoutingIT extends RoutingContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
