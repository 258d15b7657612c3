package dev.wsm.store.sqlite.internal;

import dev.wsm.core.spi.InboxStore;
import dev.wsm.testkit.contract.InboxStoreContract;
import java.nio.file.Path;
import dev.wsm.store.sqlite.SqliteOptions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteInboxStoreTest extends InboxStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private SqliteDatabase db;

  @Override
  protected int capacity() {
    return 5;
  }

  @Override
  protected InboxStore createStore(Clock clock) {
    db = databases.open(
        SqliteOptions.at(dir.resolve("wsm.db")).withInbox(capacity(), Duration.ofHours(24)), clock);
    return new SqliteInboxStore(db);
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @Override
  protected InboxStore reopen() {
    db = databases.reopen(db);
    return new SqliteInboxStore(db);
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
