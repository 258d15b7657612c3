package dev.wsm.transport.netty;

import dev.wsm.testkit.transport.AuthorizationContract;
import dev.wsm.testkit.transport.TransportFixture;

class NettyAuthorizationIT extends AuthorizationContract {
  @Override
  protected TransportFixture fixture() {
    return NettyFixture.INSTANCE;
  }
}
