package dev.wsm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.RoomId;
import dev.wsm.core.internal.InMemoryMessageStore;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryMessageStoreTest extends MessageStoreContract {
  @Override
  protected MessageStore createStore(Clock clock) {
    return new InMemoryMessageStore(InMemoryStoreOptions.DEFAULTS, clock);
  }

  @Test
  void aRestartedMemoryStoreGivesEveryStreamANewEpochSoOldOffsetsAreVoid() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    RoomId room = RoomId.of("r");
    MessageStore before = createStore(clock);
    Stages.await(before.append(Messages.inRoom(room, "m1", clock.instant())));
    MessageStore after = createStore(clock);
    assertThat(Stages.await(after.position(room)).epoch())
        .isNotEqualTo(Stages.await(before.position(room)).epoch());
    assertThat(Stages.await(after.position(room)).lastOffset()).isZero();
  }

  @Test
  void keepsOnlyTheConfiguredNumberOfMessagesPerRoom() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    RoomId room = RoomId.of("r");
    MessageStore store = new InMemoryMessageStore(
        new InMemoryStoreOptions(3, 10, Duration.ofHours(1)), clock);
    for (int i = 1; i <= 5; i++) {
      Stages.await(store.append(Messages.inRoom(room, "m" + i, clock.instant())));
    }
    assertThat(Stages.await(store.history(room, new HistoryQuery(0, 10, false))))
        .extracting(m -> m.offset()).containsExactly(3L, 4L, 5L);
  }
}
