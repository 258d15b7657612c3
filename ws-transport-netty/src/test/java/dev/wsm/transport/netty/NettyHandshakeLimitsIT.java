package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.HandshakeLimitsContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyHandshakeLimitsIT extends HandshakeLimitsContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
