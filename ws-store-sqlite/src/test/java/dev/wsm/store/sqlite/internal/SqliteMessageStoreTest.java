package dev.wsm.store.sqlite.internal;

import dev.wsm.core.spi.MessageStore;
import dev.wsm.testkit.contract.MessageStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteMessageStoreTest extends MessageStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private SqliteDatabase db;

  @Override
  protected MessageStore createStore(Clock clock) {
    db = databases.open(dir, clock);
    return new SqliteMessageStore(db);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected MessageStore reopen() {
    db = databases.reopen(db);
    return new SqliteMessageStore(db);
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
