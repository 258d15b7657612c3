package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.InboxStoreContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The inbox contract on Redis; durable across a restart of the node, like the streams. */
class RedisInboxStoreTest extends InboxStoreContract {
  private static StoreHarness harness;
  private RedisOptions options;

  @BeforeAll
  static void connect() {
    harness = new StoreHarness();
  }

  @AfterAll
  static void cleanUp() {
    harness.close();
  }

  @Override
  protected int capacity() {
    return 5;
  }

  @Override
  protected java.time.Duration maxAge() {
    return java.time.Duration.ofDays(2);
  }

  @Override
  protected InboxStore createStore(Clock clock) {
    options = harness.fresh().withInbox(capacity(), Duration.ofDays(2));
    return new RedisInboxStore(harness.connector(), options, clock);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected InboxStore reopen() {
    return new RedisInboxStore(harness.restart(), options, clock);
  }

  @Test
  void messagesOlderThanTheInboxMaxAgeAreNeverPendingAndArePurged() throws Exception {
    RedisOptions young = harness.fresh().withInbox(10, Duration.ofHours(1));
    RedisInboxStore store = new RedisInboxStore(harness.connector(), young, clock);
    UserId ada = UserId.of("ada");
    store.enqueue(ada, direct(ada, "old")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(40));
    store.enqueue(ada, direct(ada, "new")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(30));

    assertThat(store.pending(ada, 10).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .extracting(m -> m.id().value()).containsExactly("new");
    assertThat(store.purge(clock.instant()).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo(1);
    assertThat(store.pending(ada, 10).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .extracting(m -> m.id().value()).containsExactly("new");
  }

  private StoredMessage direct(UserId to, String id) {
    return new StoredMessage(MessageId.of(id), null, to, null, null,
        "{}".getBytes(StandardCharsets.UTF_8), false, null, clock.instant(), null, 0);
  }
}
