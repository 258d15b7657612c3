package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.PresenceContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyPresenceIT extends PresenceContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
