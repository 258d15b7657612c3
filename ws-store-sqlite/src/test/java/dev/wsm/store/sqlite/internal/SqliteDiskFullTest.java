package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Faults.await;
import static dev.wsm.store.sqlite.internal.Faults.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

/**
 * Running out of room, for real: a child JVM under {@code ulimit -f} (no file may grow past the
 * limit; HotSpot ignores SIGXFSZ, so such a write fails with EFBIG) appends 4 KiB messages until
 * one fails. The limit is reached in a few dozen appends (the WAL grows past it) and is large
 * enough for the database, its WAL and its shared-memory file to be created. A really full file
 * system (ENOSPC, which SQLite reports as SQLITE_FULL and the store as DISK_FULL) would need a
 * small mounted file system, which a unit test does not make.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteDiskFullTest {
  private static final long LIMIT_KIB = 1024;
  private static final int MESSAGE_BYTES = 4096;
  private static final int MAX_APPENDS = 2000;

  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @AfterEach
  void close() {
    databases.close();
  }

  @Test
  void anAppendPastTheFileSizeLimitFailsWithIoAndEveryAcknowledgedMessageSurvives()
      throws Exception {
    assumeTrue(ChildJvm.bashAvailable(), "bash is needed to set ulimit -f for the child JVM");
    Path file = dir.resolve("wsm.db");
    // sqlite-jdbc would extract its native library (about 1 MiB) to a temporary file at start-up,
    // which the limit forbids: hand the child a copy made here, without the limit.
    Path lib = Files.createDirectory(dir.resolve("native"));
    String libName = System.mapLibraryName("sqlitejdbc");
    String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
        + libName;
    try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
      assumeTrue(in != null, "sqlite-jdbc has no bundled native library for this platform");
      Files.copy(in, lib.resolve(libName));
    }
    List<String> jvmOptions = List.of("-Dorg.sqlite.lib.path=" + lib,
        "-Dorg.sqlite.lib.name=" + libName, "-Djava.io.tmpdir=" + dir);

    int acked;
    String failure;
    String again;
    try (ChildJvm child = ChildJvm.startWithFileSizeLimit(LIMIT_KIB, jvmOptions, DiskFiller.class,
        file.toString(), String.valueOf(MESSAGE_BYTES), String.valueOf(MAX_APPENDS))) {
      acked = Integer.parseInt(child.awaitLine("acked ", Duration.ofSeconds(45)).substring(6));
      failure = child.awaitLine("failure", Duration.ofSeconds(5));
      again = child.awaitLine("again", Duration.ofSeconds(15));
      child.awaitLine("stopped", Duration.ofSeconds(10));
      assertThat(child.awaitExit(Duration.ofSeconds(10))).as(child.output()).isZero();
    }

    assertThat(acked).as("appends acknowledged before the limit").isPositive();
    // What really happens: SQLite retries a short write, the retry fails with EFBIG (not ENOSPC),
    // and SQLite reports SQLITE_IOERR_WRITE, not SQLITE_FULL; the store reports that as IO. (Only
    // ENOSPC, a really full disk, gives SQLITE_FULL and so DISK_FULL.)
    assertThat(failure).startsWith("failure IO SQLITE_IOERR_WRITE SQLite store "
        + file.toAbsolutePath() + ": a write failed");
    assertThat(again).as("the next append, after the failure")
        .isEqualTo("again IO SQLITE_IOERR_WRITE");

    SqliteDatabase db = databases.open(SqliteOptions.at(file), Clock.systemUTC());
    SqliteMessageStore store = new SqliteMessageStore(db);
    List<StoredMessage> history = Faults.wholeHistory(store, "r");
    assertThat(history).extracting(m -> m.id().value()).containsExactlyElementsOf(
        IntStream.rangeClosed(1, acked).mapToObj(i -> "m-" + i).toList());
    assertThat(history).extracting(StoredMessage::offset).containsExactlyElementsOf(
        IntStream.rangeClosed(1, acked).mapToObj(i -> (long) i).toList());
    assertThat(history).allSatisfy(m -> assertThat(m.data()).hasSize(MESSAGE_BYTES));
    assertThat(await(store.append(message("r", "after", MESSAGE_BYTES))).offset())
        .isEqualTo(acked + 1);
    databases.close();

    assertThat(Faults.queryText(file, "PRAGMA integrity_check")).isEqualTo("ok");
  }
}
