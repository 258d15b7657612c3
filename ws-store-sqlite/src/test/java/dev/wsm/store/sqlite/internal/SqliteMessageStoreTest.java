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

  @Override
  protected MessageStore createStore(Clock clock) {
    return new SqliteMessageStore(databases.open(dir, clock));
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
