package dev.wsm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import dev.wsm.core.internal.InMemoryPresenceStore;
import dev.wsm.core.spi.PresenceStore;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
  @Override
  protected PresenceStore createStore() {
    return new InMemoryPresenceStore();
  }

  @Test
  void aMemoryStoreIsNotDurableANewInstanceKnowsNoOne() {
    PresenceStore first = createStore();
    Stages.await(first.save(new PresenceRecord(UserId.of("u"), PresenceStatus.AWAY, "{}",
        Instant.parse("2026-01-01T00:00:00Z"))));
    assertThat(Stages.await(createStore().find(UserId.of("u")))).isEmpty();
    assertThat(Stages.await(first.find(UserId.of("u")))).isPresent();
  }
}
