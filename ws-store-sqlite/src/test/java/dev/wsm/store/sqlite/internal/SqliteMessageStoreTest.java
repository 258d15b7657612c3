package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.spi.MessageStore;
import dev.wsm.testkit.contract.MessageStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Clock;

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

  @Test
  void anAppendIsInTheFileWhenItsStageCompletes() throws Exception {
    MessageStore store = new SqliteMessageStore(db);
    Faults.await(store.append(Faults.message("lobby", "m1", 10)));

    assertThat(Faults.queryLong(db.options().path(),
        "SELECT count(*) FROM messages WHERE id = 'm1'"))
        .as("committed, as another connection sees it").isEqualTo(1);
  }

  @Test
  void aStoppedStoreRefusesWorkWithNotRunning() {
    MessageStore store = new SqliteMessageStore(db);
    db.stop(java.time.Duration.ofSeconds(5));

    assertThat(Faults.storeFailure(store.append(Faults.message("lobby", "late", 10))).reason())
        .isEqualTo(dev.wsm.store.sqlite.SqliteStoreException.Reason.NOT_RUNNING);
    assertThat(Faults.storeFailure(store.position(dev.wsm.core.RoomId.of("lobby"))).reason())
        .isEqualTo(dev.wsm.store.sqlite.SqliteStoreException.Reason.NOT_RUNNING);
  }
}
