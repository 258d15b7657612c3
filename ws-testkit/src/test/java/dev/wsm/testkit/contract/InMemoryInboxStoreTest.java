package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryInboxStore;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.core.spi.InboxStore;
import java.time.Clock;
import java.time.Duration;

class InMemoryInboxStoreTest extends InboxStoreContract {
  @Override
  protected int capacity() {
    return 5;
  }

  @Override
  protected InboxStore createStore(Clock clock) {
    return new InMemoryInboxStore(
        new InMemoryStoreOptions(1000, capacity(), Duration.ofHours(24)), clock);
  }
}
