package dev.wsm.store.sqlite.internal;

import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.testkit.contract.ConnectionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionStoreTest extends ConnectionStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @Override
  protected ConnectionStore createStore() {
    return new SqliteConnectionStore(databases.open(dir, Clock.systemUTC()));
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
