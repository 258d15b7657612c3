package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.PresenceStore;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.PresenceStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The presence contract on Redis. Not durable on purpose: a status counts only while the lease of
 * the node that saved it lives, so after a restart of the node (a new lease) its users read as
 * offline, with their last-seen time kept ({@link RedisPresenceLeaseTest}).
 */
class RedisPresenceStoreTest extends PresenceStoreContract {
  private static StoreHarness harness;

  @BeforeAll
  static void connect() {
    harness = new StoreHarness();
  }

  @AfterAll
  static void cleanUp() {
    harness.close();
  }

  @Override
  protected PresenceStore createStore() {
    RedisOptions options = harness.fresh();
    return new RedisPresenceStore(harness.connector(), options, harness.lease(options));
  }
}
