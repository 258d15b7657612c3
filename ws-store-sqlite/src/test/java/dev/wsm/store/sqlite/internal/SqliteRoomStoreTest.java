package dev.wsm.store.sqlite.internal;

import dev.wsm.core.spi.RoomStore;
import dev.wsm.testkit.contract.RoomStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteRoomStoreTest extends RoomStoreContract {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @Override
  protected RoomStore createStore() {
    return new SqliteRoomStore(databases.open(dir, Clock.systemUTC()));
  }

  @AfterEach
  void closeDatabase() {
    databases.close();
  }
}
