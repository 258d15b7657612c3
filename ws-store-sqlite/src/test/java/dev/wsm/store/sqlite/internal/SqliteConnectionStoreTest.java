package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.testkit.contract.ConnectionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionStoreTest extends ConnectionStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private SqliteDatabase db;

  @Override
  protected ConnectionStore createStore() {
    db = databases.open(dir, Clock.systemUTC());
    return new SqliteConnectionStore(db);
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }

  @Test
  void connectionsOpenAtShutdownAreDisconnectedAtReopenAndTotalsAreKept() {
    ConnectionStore store = new SqliteConnectionStore(db);
    await(store.connected(record("a1", "beta")));
    await(store.connected(record("b1", "beta")));
    await(store.disconnected(ConnectionId.of("b1"), NOW.plusSeconds(60), 4));

    db = databases.reopen(db);
    store = new SqliteConnectionStore(db);

    assertThat(await(store.stats())).isEqualTo(new ConnectionStats(0, 2, 4, Map.of(), 0));
    await(store.disconnected(ConnectionId.of("a1"), NOW.plusSeconds(90), 9));
    await(store.connected(record("a2", "beta")));
    assertThat(await(store.stats())).as("a1 was already closed by the restart")
        .isEqualTo(new ConnectionStats(1, 3, 4, Map.of("beta", 1L), 1));
  }

  private static ConnectionRecord record(String id, String label) {
    return new ConnectionRecord(ConnectionId.of(id), UserId.of("ada"), Set.of(label), Map.of(),
        "203.0.113.7:40000", NOW);
  }
}
