package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.ProtocolErrorsContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyProtocolErrorsIT extends ProtocolErrorsContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
