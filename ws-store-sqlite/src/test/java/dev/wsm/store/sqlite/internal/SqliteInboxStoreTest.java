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

  @Override
  protected int capacity() {
    return 5;
  }

  @Override
  protected InboxStore createStore(Clock clock) {
    return new SqliteInboxStore(databases.open(
        SqliteOptions.at(dir.resolve("wsm.db")).withInbox(capacity(), Duration.ofHours(24)), clock));
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
