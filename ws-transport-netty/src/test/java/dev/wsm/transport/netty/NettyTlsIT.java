package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.TlsContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyTlsIT extends TlsContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
