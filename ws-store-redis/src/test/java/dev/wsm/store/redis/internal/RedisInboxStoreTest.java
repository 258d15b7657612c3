package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.InboxStore;
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
}
