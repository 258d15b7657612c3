package dev.wsm.store.redis.internal;

import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores of one test class on the shared test Redis: one started connector (a "node"), and a fresh
 * key prefix under the class's own prefix for every store, so every test starts empty. {@link
 * #close()} stops everything and deletes the class's keys.
 */
final class StoreHarness implements AutoCloseable {
  private final RedisTestServer server = RedisTestServer.shared();
  private final RedisOptions base = server.options();
  private final List<NodeLease> leases = new ArrayList<>();
  private final RedisConnector connector;
  private int stores;

  StoreHarness() {
    connector = started(base);
  }

  /** Options with a key prefix no other store of this class uses. */
  synchronized RedisOptions fresh() {
    return base.withKeyPrefix(base.keyPrefix() + "s" + (++stores) + ":");
  }

  RedisConnector connector() {
    return connector;
  }

  /** A started lease of the node, on the keys of {@code options}. */
  synchronized NodeLease lease(RedisOptions options) {
    NodeLease lease = new NodeLease(connector, options);
    lease.start();
    leases.add(lease);
    return lease;
  }

  /** Stops the connector and starts it again (a new client and connection), as a restart. */
  synchronized RedisConnector restart() {
    connector.stop(Duration.ofSeconds(1));
    connector.start();
    return connector;
  }

  private static RedisConnector started(RedisOptions options) {
    RedisConnector c = new RedisConnector(options);
    c.start();
    return c;
  }

  @Override
  public synchronized void close() {
    leases.forEach(l -> l.stop(Duration.ofSeconds(1)));
    connector.stop(Duration.ofSeconds(1));
    server.deleteKeys(base.keyPrefix());
  }
}
