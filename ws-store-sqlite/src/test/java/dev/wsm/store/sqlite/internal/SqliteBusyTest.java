package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Faults.await;
import static dev.wsm.store.sqlite.internal.Faults.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLITE_BUSY for real: a child JVM holds the database's write lock ({@code BEGIN EXCLUSIVE} with
 * plain sqlite-jdbc) while this one appends with a small busy timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteBusyTest {
  private static final Duration BUSY_TIMEOUT = Duration.ofMillis(300);
  private static final Duration CHILD_START = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private Path file;
  private SqliteMessageStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("wsm.db");
    SqliteDatabase db = databases.open(SqliteOptions.at(file).withBusyTimeout(BUSY_TIMEOUT),
        Clock.systemUTC());
    store = new SqliteMessageStore(db);
  }

  @AfterEach
  void close() {
    databases.close();
  }

  @Test
  void anAppendWhileAnotherProcessHoldsTheWriteLockFailsWithBusyAndAppendsWorkAgainAfterItsRelease()
      throws Exception {
    for (int i = 1; i <= 5; i++) {
      assertThat(await(store.append(message("r", "m-" + i, 256))).offset()).isEqualTo(i);
    }

    try (ChildJvm other = ChildJvm.start(ExclusiveLockHolder.class, file.toString())) {
      other.awaitLine("locked", CHILD_START);

      long started = System.nanoTime();
      SqliteStoreException busy = Faults.storeFailure(store.append(message("r", "m-6", 256)));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(busy.reason()).isEqualTo(Reason.BUSY);
      assertThat(busy.getMessage()).contains(file.toAbsolutePath().toString())
          .contains("another process holds a lock");
      assertThat(waitedMillis).as("it waited the busy timeout first")
          .isGreaterThanOrEqualTo(BUSY_TIMEOUT.toMillis() - 50);
      // Readers are not blocked by another process's write lock (WAL).
      assertThat(Faults.wholeHistory(store, "r")).hasSize(5);

      other.send("release");
      other.awaitLine("released", Duration.ofSeconds(10));
      assertThat(other.awaitExit(Duration.ofSeconds(10))).isZero();
    }

    assertThat(await(store.append(message("r", "m-7", 256))).offset())
        .as("the failed append used no offset").isEqualTo(6);
    List<StoredMessage> history = Faults.wholeHistory(store, "r");
    assertThat(history).extracting(m -> m.id().value())
        .containsExactly("m-1", "m-2", "m-3", "m-4", "m-5", "m-7");
    assertThat(history).extracting(StoredMessage::offset).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void afterBusyFailuresInSeveralRoomsTheOffsetsOfEveryRoomStayGapFreeAndIncreasing()
      throws Exception {
    List<String> rooms = List.of("a", "b", "c");
    int next = 0;
    for (String room : rooms) {
      for (int i = 0; i < 3; i++) {
        await(store.append(message(room, "before-" + next++, 64)));
      }
    }

    try (ChildJvm other = ChildJvm.start(ExclusiveLockHolder.class, file.toString())) {
      other.awaitLine("locked", CHILD_START);
      List<CompletionStage<StoredMessage>> blocked = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        blocked.add(store.append(message(rooms.get(i % 3), "blocked-" + i, 64)));
      }
      for (CompletionStage<StoredMessage> stage : blocked) {
        assertThat(Faults.storeFailure(stage).reason()).isEqualTo(Reason.BUSY);
      }
      other.send("release");
      assertThat(other.awaitExit(Duration.ofSeconds(10))).isZero();
    }

    List<CompletionStage<StoredMessage>> after = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      after.add(store.append(message(rooms.get(i % 3), "after-" + i, 64)));
    }
    after.forEach(Faults::await);

    for (String room : rooms) {
      List<StoredMessage> history = Faults.wholeHistory(store, room);
      assertThat(history).extracting(StoredMessage::offset)
          .as("offsets of room " + room).containsExactlyElementsOf(
              LongStream.rangeClosed(1, 6).boxed().toList());
      assertThat(history).extracting(StoredMessage::id).extracting(MessageId::value)
          .noneMatch(id -> id.startsWith("blocked-"));
      assertThat(await(store.position(dev.wsm.core.RoomId.of(room))).lastOffset()).isEqualTo(6);
    }
  }
}
