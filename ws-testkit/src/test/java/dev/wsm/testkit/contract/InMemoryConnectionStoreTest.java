package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryConnectionStore;
import dev.wsm.core.spi.ConnectionStore;

class InMemoryConnectionStoreTest extends ConnectionStoreContract {
  @Override
  protected ConnectionStore createStore() {
    return new InMemoryConnectionStore();
  }
}
