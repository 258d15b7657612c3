package dev.wsm.store.sqlite.internal;

import dev.wsm.core.spi.PresenceStore;
import dev.wsm.testkit.contract.PresenceStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqlitePresenceStoreTest extends PresenceStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @Override
  protected PresenceStore createStore() {
    return new SqlitePresenceStore(databases.open(dir, Clock.systemUTC()));
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
