package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryMessageStore;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.core.spi.MessageStore;
import java.time.Clock;

class InMemoryMessageStoreTest extends MessageStoreContract {
  @Override
  protected MessageStore createStore(Clock clock) {
    return new InMemoryMessageStore(InMemoryStoreOptions.DEFAULTS, clock);
  }
}
