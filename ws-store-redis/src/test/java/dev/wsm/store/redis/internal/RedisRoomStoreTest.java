package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.RoomStore;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.testkit.contract.RoomStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The room contract on Redis. Durable in the sense that matters to a node: rooms live in Redis, so
 * a node that restarts (a new connector, new store objects) finds every room as it was.
 */
class RedisRoomStoreTest extends RoomStoreContract {
  private static StoreHarness harness;
  private RedisOptions options;
  private NodeLease lease;

  @BeforeAll
  static void connect() {
    harness = new StoreHarness();
  }

  @AfterAll
  static void cleanUp() {
    harness.close();
  }

  @Override
  protected RoomStore createStore() {
    options = harness.fresh();
    lease = harness.lease(options);
    return new RedisRoomStore(harness.connector(), options, lease);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected RoomStore reopen() {
    return new RedisRoomStore(harness.restart(), options, lease);
  }
}
