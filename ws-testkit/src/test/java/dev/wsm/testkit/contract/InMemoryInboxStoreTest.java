package dev.wsm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.UserId;
import dev.wsm.core.internal.InMemoryInboxStore;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryInboxStoreTest extends InboxStoreContract {
  @Override
  protected int capacity() {
    return 5;
  }

  @Override
  protected java.time.Duration maxAge() {
    return java.time.Duration.ofHours(24);
  }

  @Override
  protected InboxStore createStore(Clock clock) {
    return new InMemoryInboxStore(
        new InMemoryStoreOptions(1000, capacity(), Duration.ofHours(24)), clock);
  }

  @Test
  void messagesOlderThanTheConfiguredMaximumAgeAreNeitherReturnedNorKept() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    InboxStore store = new InMemoryInboxStore(
        new InMemoryStoreOptions(10, 10, Duration.ofHours(24)), clock);
    UserId user = UserId.of("u");
    Stages.await(store.enqueue(user, Messages.direct(user, "old", clock.instant())));
    clock.advance(Duration.ofHours(23));
    Stages.await(store.enqueue(user, Messages.direct(user, "new", clock.instant())));
    clock.advance(Duration.ofHours(2));
    assertThat(Stages.await(store.pending(user, 10))).extracting(m -> m.id().value())
        .containsExactly("new");
    assertThat(Stages.await(store.purge(clock.instant()))).isEqualTo(1);
  }
}
