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
  private SqliteDatabase db;

  @Override
  protected PresenceStore createStore() {
    db = databases.open(dir, Clock.systemUTC());
    return new SqlitePresenceStore(db);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected PresenceStore reopen() {
    db = databases.reopen(db);
    return new SqlitePresenceStore(db);
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
