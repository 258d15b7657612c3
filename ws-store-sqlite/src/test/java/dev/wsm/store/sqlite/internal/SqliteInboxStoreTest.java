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
import java.util.List;

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

  @Test
  void aUserFoundWithAnEmptyInboxIsForgottenUntilTheNextEnqueue() {
    SqliteInboxStore store = new SqliteInboxStore(db);
    dev.wsm.core.UserId ada = dev.wsm.core.UserId.of("ada");
    Faults.await(store.enqueue(ada, direct("ada", "d1")));
    assertThat(Faults.await(store.pending(ada, 10))).hasSize(1);
    assertThat(store.usersThatMayHaveRows()).isEqualTo(1);

    Faults.await(store.removeUpTo(ada, Long.MAX_VALUE));
    assertThat(Faults.await(store.pending(ada, 10))).isEmpty();
    assertThat(store.usersThatMayHaveRows()).as("found empty: forgotten").isZero();

    Faults.await(store.enqueue(ada, direct("ada", "d2")));
    assertThat(Faults.await(store.pending(ada, 10))).extracting(m -> m.id().value())
        .containsExactly("d2");
  }

  @Test
  void anEnqueueRacingAConnectsPendingReadIsNeverMissedAfterwards() throws Exception {
    SqliteInboxStore store = new SqliteInboxStore(db);
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        runs.add(threads.submit(() -> {
          for (int i = 0; i < 150; i++) {
            dev.wsm.core.UserId user = dev.wsm.core.UserId.of("u" + thread + "-" + i);
            var enqueued = store.enqueue(user, direct(user.value(), "m" + i));
            var racing = store.pending(user, 10); // before, during or after the commit
            Faults.await(enqueued);
            Faults.await(racing);
            assertThat(Faults.await(store.pending(user, 10))).as(user.value()).hasSize(1);
          }
          return null;
        }));
      }
      for (var run : runs) {
        run.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aPurgeForgetsTheUsersWhoseLastMessagesItDeleted() {
    SqliteInboxStore store = new SqliteInboxStore(db);
    Faults.await(store.enqueue(dev.wsm.core.UserId.of("old"), direct("old", "d1")));
    Faults.await(store.enqueue(dev.wsm.core.UserId.of("kept"), direct("kept", "d2")));
    clock.advance(Duration.ofHours(25));
    Faults.await(store.enqueue(dev.wsm.core.UserId.of("kept"), direct("kept", "d3")));
    assertThat(store.usersThatMayHaveRows()).isEqualTo(2);

    Faults.await(store.purge(clock.instant()));

    assertThat(store.usersThatMayHaveRows()).as("only 'kept' has a row left").isEqualTo(1);
    assertThat(Faults.await(store.pending(dev.wsm.core.UserId.of("kept"), 10)))
        .extracting(m -> m.id().value()).containsExactly("d3");
  }

  private dev.wsm.core.spi.StoredMessage direct(String to, String id) {
    return new dev.wsm.core.spi.StoredMessage(dev.wsm.core.MessageId.of(id), null,
        dev.wsm.core.UserId.of(to), dev.wsm.core.UserId.of("sender"), null,
        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, null, clock.instant(), null,
        0);
  }
}
