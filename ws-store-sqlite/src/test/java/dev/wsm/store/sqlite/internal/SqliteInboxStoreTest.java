package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.spi.InboxStore;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.testkit.contract.InboxStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

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
  protected java.time.Duration maxAge() {
    return java.time.Duration.ofHours(24);
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

  @Test
  void anEnqueuedMessageIsInTheFileWhenItsStageCompletes() throws Exception {
    InboxStore store = new SqliteInboxStore(db);
    dev.wsm.core.spi.StoredMessage m = Faults.message("unused", "d1", 10);
    Faults.await(store.enqueue(dev.wsm.core.UserId.of("zed"), new dev.wsm.core.spi.StoredMessage(
        m.id(), null, dev.wsm.core.UserId.of("zed"), m.from(), null, m.data(), false, null,
        clock.instant(), null, 0)));

    assertThat(Faults.queryLong(db.options().path(),
        "SELECT count(*) FROM inbox WHERE user_id = 'zed' AND id = 'd1'"))
        .as("committed, as another connection sees it").isEqualTo(1);
  }
}
