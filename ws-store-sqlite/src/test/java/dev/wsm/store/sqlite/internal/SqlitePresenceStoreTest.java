package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.spi.PresenceStore;
import dev.wsm.testkit.contract.PresenceStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Clock;

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

  @Test
  void aSavedPresenceIsInTheFileWhenItsStageCompletes() throws Exception {
    PresenceStore store = new SqlitePresenceStore(db);
    Faults.await(store.save(new dev.wsm.core.spi.PresenceRecord(dev.wsm.core.UserId.of("ada"),
        dev.wsm.core.PresenceStatus.BUSY, "{\"mood\":\"focused\"}", java.time.Instant.now())));

    assertThat(Faults.queryLong(db.options().path(),
        "SELECT count(*) FROM presence WHERE user_id = 'ada' AND status = 'BUSY'"))
        .as("committed, as another connection sees it").isEqualTo(1);
  }
}
