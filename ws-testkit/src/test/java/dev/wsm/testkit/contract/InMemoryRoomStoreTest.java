package dev.wsm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.RoomId;
import dev.wsm.core.spi.RoomRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import dev.wsm.core.internal.InMemoryRoomStore;
import dev.wsm.core.spi.RoomStore;

class InMemoryRoomStoreTest extends RoomStoreContract {
  @Override
  protected RoomStore createStore() {
    return new InMemoryRoomStore();
  }

  @Test
  void aMemoryStoreIsNotDurableANewInstanceStartsEmpty() {
    RoomStore first = createStore();
    Stages.await(first.create(new RoomRecord(RoomId.of("r"), "", null, 0, null,
        Instant.parse("2026-01-01T00:00:00Z"), null, false)));
    assertThat(Stages.await(createStore().list())).isEmpty();
    assertThat(Stages.await(first.list())).hasSize(1);
  }
}
