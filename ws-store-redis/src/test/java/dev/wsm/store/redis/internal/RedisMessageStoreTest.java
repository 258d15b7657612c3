package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.MessageStore;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.MessageStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The stream contract on Redis. Durable across a restart of the node (new connector, new store):
 * the streams, their epochs and offsets live in Redis. Whether they survive a restart of Redis
 * itself depends on its persistence (RDB/AOF), which the test server has off.
 */
class RedisMessageStoreTest extends MessageStoreContract {
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
  protected MessageStore createStore(Clock clock) {
    options = harness.fresh();
    return new RedisMessageStore(harness.connector(), options, clock);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected MessageStore reopen() {
    return new RedisMessageStore(harness.restart(), options, clock);
  }
}
