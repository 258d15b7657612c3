package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Faults.await;
import static dev.wsm.store.sqlite.internal.Faults.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database damaged on disk: pages past the 100-byte header overwritten with noise after a normal
 * run. Depending on what the damage hits, start fails with CORRUPT or the reads and writes that
 * reach the damaged pages do; every failure is a {@link SqliteStoreException} with reason CORRUPT,
 * every time (no stale-statement errors after the first), and nothing hangs.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteCorruptionTest {
  private static final int PAGE = 4096;
  private static final int MESSAGES = 300;

  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private Path file;

  @BeforeEach
  void createDatabase() throws Exception {
    file = dir.resolve("wsm.db");
    SqliteDatabase db = new SqliteDatabase(SqliteOptions.at(file), Clock.systemUTC());
    db.start();
    try {
      await(new SqliteRoomStore(db).create(new RoomRecord(RoomId.of("lobby"), "", null, 0,
          UserId.of("alice"), Instant.now(), null, false)));
      SqliteMessageStore store = new SqliteMessageStore(db);
      for (int i = 1; i <= MESSAGES; i++) {
        await(store.append(message("r", "m-" + i, 1000)));
      }
    } finally {
      db.stop(Duration.ofSeconds(5));
    }
    // Closed cleanly: everything is checkpointed into the file itself.
    assertThat(Path.of(file + "-wal")).doesNotExist();
    assertThat(Faults.queryLong(file, "PRAGMA page_size")).isEqualTo(PAGE);
    assertThat(Faults.queryText(file, "PRAGMA integrity_check")).isEqualTo("ok");
  }

  @AfterEach
  void close() {
    databases.close();
  }

  private void overwrite(long offset, int length) throws IOException {
    assertThat(offset).as("the 100-byte header stays intact").isGreaterThanOrEqualTo(100);
    assertThat(offset + length).isLessThanOrEqualTo(Files.size(file));
    byte[] noise = new byte[length];
    new Random(7).nextBytes(noise);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(noise);
    }
  }

  private SqliteDatabase start() {
    return databases.open(SqliteOptions.at(file), Clock.systemUTC());
  }

  private static void assertCorrupt(SqliteStoreException e, Path file) {
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.CORRUPT);
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString())
        .contains("corrupt; restore it from a backup");
  }

  @Test
  void aDamagedMessageTableFailsEveryReadAndAppendWithCorruptWhileIntactTablesKeepWorking()
      throws Exception {
    long root = Faults.queryLong(file, "SELECT rootpage FROM sqlite_master WHERE name = 'messages'");
    long pages = Files.size(file) / PAGE;
    assertThat(root).isBetween(2L, pages - 1);
    overwrite((root - 1) * PAGE, PAGE);

    // Start-up recovery does not read the message table, so the damage is not seen yet.
    SqliteDatabase db = start();
    SqliteMessageStore messages = new SqliteMessageStore(db);
    SqliteRoomStore rooms = new SqliteRoomStore(db);

    for (int attempt = 0; attempt < 4; attempt++) { // both readers, each more than once
      assertCorrupt(Faults.storeFailure(messages.history(RoomId.of("r"),
          new HistoryQuery(0, 10, attempt % 2 == 0))), file);
    }
    for (String room : new String[] {"r", "new-room", "r"}) {
      assertCorrupt(Faults.storeFailure(messages.append(message(room, "x-" + room, 100))), file);
    }

    // The writer and the readers still serve the tables that are intact.
    assertThat(await(rooms.find(RoomId.of("lobby")))).isPresent();
    assertThat(await(rooms.create(new RoomRecord(RoomId.of("hall"), "", null, 0, null,
        Instant.now(), null, false)))).isTrue();
    assertThat(await(rooms.list())).extracting(r -> r.id().value()).containsExactly("hall", "lobby");
  }

  @Test
  void noiseInTheMiddleOfTheFileIsReportedAsCorruptByTheReadsThatReachIt() throws Exception {
    long pages = Files.size(file) / PAGE;
    overwrite(pages / 2 * PAGE, (int) (pages / 4) * PAGE);
    assertThat(Faults.queryText(file, "PRAGMA integrity_check")).isNotEqualTo("ok");

    SqliteDatabase db = start();
    SqliteMessageStore messages = new SqliteMessageStore(db);

    for (int attempt = 0; attempt < 4; attempt++) {
      Throwable t = catchThrowable(() -> Faults.wholeHistory(messages, "r"));
      assertThat(t).isInstanceOf(AssertionError.class).hasCauseInstanceOf(SqliteStoreException.class);
      assertCorrupt((SqliteStoreException) t.getCause(), file);
    }
  }

  @Test
  void aDamagedSchemaPageMakesStartFailWithCorruptAndLeavesTheFileFreeForTheNextAttempt()
      throws SQLException, IOException {
    overwrite(100, PAGE - 100); // page 1 past the header: the schema table

    for (int attempt = 0; attempt < 2; attempt++) { // not IN_USE the second time
      SqliteDatabase db = new SqliteDatabase(SqliteOptions.at(file), Clock.systemUTC());
      Throwable t = catchThrowable(db::start);
      assertThat(t).isInstanceOf(SqliteStoreException.class);
      assertCorrupt((SqliteStoreException) t, file);
      assertThat(db.running()).isFalse();
    }
  }
}
