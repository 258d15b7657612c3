package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.RoomsContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyRoomsIT extends RoomsContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
