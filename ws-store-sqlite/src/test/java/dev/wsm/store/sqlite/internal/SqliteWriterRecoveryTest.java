package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Faults.await;
import static dev.wsm.store.sqlite.internal.Faults.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.RoomId;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails inside a batch rolls the whole transaction back; the writer then retries the
 * batch's writes one by one. The offsets handed out in the rolled-back transaction must be
 * forgotten (the rollback listener clears the message store's offset cache), so the retried and
 * later appends get gap-free, strictly increasing offsets.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteWriterRecoveryTest {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @AfterEach
  void close() {
    databases.close();
  }

  @Test
  void aWriteFailingInsideABatchFailsAloneAndTheAppendsAroundItKeepGapFreeOffsets()
      throws Exception {
    SqliteDatabase db = databases.open(SqliteOptions.at(dir.resolve("wsm.db")), Clock.systemUTC());
    SqliteMessageStore store = new SqliteMessageStore(db);
    await(store.append(message("a", "a-0", 64)));
    await(store.append(message("b", "b-0", 64)));

    // Hold the writer inside a transaction so that everything submitted meanwhile is committed as
    // one batch once it lets go.
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CompletionStage<Boolean> holder = db.write(conn -> {
      inside.countDown();
      try {
        return letGo.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

    List<CompletionStage<StoredMessage>> appends = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      appends.add(store.append(message("a", "a-" + i, 64)));
      appends.add(store.append(message("b", "b-" + i, 64)));
    }
    CompletionStage<Object> bad = db.write(conn -> {
      conn.exec("INSERT INTO no_such_table VALUES (1)");
      return null;
    });
    for (int i = 4; i <= 6; i++) {
      appends.add(store.append(message("a", "a-" + i, 64)));
      appends.add(store.append(message("b", "b-" + i, 64)));
    }
    letGo.countDown();

    assertThat(await(holder)).isTrue();
    SqliteStoreException failure = Faults.storeFailure(bad);
    assertThat(failure.reason()).isEqualTo(Reason.IO);
    List<StoredMessage> appended = appends.stream().map(Faults::await).toList();
    assertThat(appended).filteredOn(m -> m.room().value().equals("a"))
        .extracting(StoredMessage::offset).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(appended).filteredOn(m -> m.room().value().equals("b"))
        .extracting(StoredMessage::offset).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);

    // The writer goes on: later appends continue the same sequences, and the stored streams agree.
    assertThat(await(store.append(message("a", "a-7", 64))).offset()).isEqualTo(8);
    assertThat(await(store.append(message("b", "b-7", 64))).offset()).isEqualTo(8);
    for (String room : List.of("a", "b")) {
      assertThat(Faults.wholeHistory(store, room)).extracting(StoredMessage::offset)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 8).boxed().toList());
      assertThat(await(store.position(RoomId.of(room))).lastOffset()).isEqualTo(8);
    }
  }
}
