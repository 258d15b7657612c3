package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.ConnectionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisConnectionStoreTest extends ConnectionStoreContract {
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
  protected ConnectionStore createStore() {
    RedisOptions options = harness.fresh();
    return new RedisConnectionStore(harness.connector(), options, harness.lease(options));
  }
}
