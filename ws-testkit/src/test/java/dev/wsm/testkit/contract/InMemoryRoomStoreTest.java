package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryRoomStore;
import dev.wsm.core.spi.RoomStore;

class InMemoryRoomStoreTest extends RoomStoreContract {
  @Override
  protected RoomStore createStore() {
    return new InMemoryRoomStore();
  }
}
