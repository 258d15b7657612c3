package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryPresenceStore;
import dev.wsm.core.spi.PresenceStore;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
  @Override
  protected PresenceStore createStore() {
    return new InMemoryPresenceStore();
  }
}
