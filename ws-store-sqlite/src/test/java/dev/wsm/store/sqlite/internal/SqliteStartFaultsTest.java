package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.wsm.core.RoomId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SqliteDatabase#start()} does with files it must not or cannot use: each is refused
 * with a {@link SqliteStoreException} whose reason says what is wrong, and the file is not harmed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteStartFaultsTest {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();
  private Path immutable;

  @AfterEach
  void cleanUp() throws Exception {
    databases.close();
    if (immutable != null) {
      run("chattr", "-i", immutable.toString()); // else the temporary folder cannot be deleted
    }
  }

  private static SqliteDatabase database(Path file) {
    return new SqliteDatabase(SqliteOptions.at(file), Clock.systemUTC());
  }

  /** Starts a database on {@code file}, which must fail with a SqliteStoreException. */
  private static SqliteStoreException startFails(Path file) {
    SqliteDatabase db = database(file);
    Throwable thrown = catchThrowable(db::start);
    db.stop(Duration.ofSeconds(1)); // in case it did start
    assertThat(thrown).isInstanceOf(SqliteStoreException.class);
    assertThat(db.running()).isFalse();
    return (SqliteStoreException) thrown;
  }

  /** Creates a wsm database at {@code file} and closes it again. */
  private void createWsmDatabase(Path file) {
    SqliteDatabase db = database(file);
    db.start();
    db.stop(Duration.ofSeconds(5));
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Test
  void aPathWhoseDirectoryDoesNotExistIsRefusedWithCannotOpenNamingThePath() {
    Path file = dir.resolve("no-such-dir").resolve("wsm.db");

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.CANNOT_OPEN);
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString())
        .contains("does not exist");
    assertThat(dir.resolve("no-such-dir")).doesNotExist();
  }

  @Test
  void aDirectoryGivenAsThePathIsRefusedWithCannotOpen() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("wsm.db"));

    SqliteStoreException e = startFails(directory);

    assertThat(e.reason()).isEqualTo(Reason.CANNOT_OPEN);
    assertThat(e.getMessage()).contains(directory.toString()).contains("directory");
  }

  @Test
  void anImmutableFileIsRefusedWithReadOnlyEvenForRoot() throws Exception {
    Path file = dir.resolve("wsm.db");
    createWsmDatabase(file);
    // Root ignores permission bits, so chmod cannot make the file read-only for this test;
    // the immutable attribute binds root too, where the file system and capabilities allow it.
    int chattr = run("chattr", "+i", file.toString());
    assumeThat(chattr).as("chattr +i is unavailable here (no chattr, no CAP_LINUX_IMMUTABLE, or a"
        + " file system without attributes), so a read-only file cannot be made").isZero();
    immutable = file;
    byte[] before = Files.readAllBytes(file);

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.READ_ONLY);
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString()).contains("read-only");
    Faults.assertUnchanged(file, before);
  }

  @Test
  void aFileOfRandomBytesIsRefusedWithNotADatabase() throws IOException {
    Path file = dir.resolve("wsm.db");
    byte[] noise = new byte[64 * 1024];
    new Random(42).nextBytes(noise);
    Files.write(file, noise);

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.NOT_A_DATABASE);
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
    Faults.assertUnchanged(file, noise);
  }

  @Test
  void aTextFileIsRefusedWithNotADatabase() throws IOException {
    Path file = dir.resolve("wsm.db");
    String text = "# wsm configuration, saved at the --db path by mistake\n".repeat(200);
    Files.writeString(file, text, StandardCharsets.UTF_8);

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.NOT_A_DATABASE);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void aDatabaseOfAnotherApplicationIsRefusedWithNotADatabaseAndLeftUnchanged() throws Exception {
    Path file = dir.resolve("other.db");
    Faults.exec(file,
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)",
        "INSERT INTO invoices (total) VALUES (12.5), (99.0)");
    assertThat(Faults.queryLong(file, "PRAGMA application_id")).isZero();
    assertThat(Faults.queryLong(file, "PRAGMA user_version")).isZero();
    byte[] before = Files.readAllBytes(file);

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.NOT_A_DATABASE);
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString())
        .contains("wsm did not create");
    Faults.assertUnchanged(file, before);
    assertThat(dir.resolve("other.db-wal")).doesNotExist();
    assertThat(Faults.queryText(file, "PRAGMA journal_mode")).isEqualTo("delete");
    assertThat(Faults.queryLong(file, "SELECT count(*) FROM invoices")).isEqualTo(2);
  }

  @Test
  void aDatabaseMarkedWithAnotherApplicationIdIsRefusedWithNotADatabase() throws Exception {
    Path file = dir.resolve("other.db");
    Faults.exec(file, "PRAGMA application_id = 1234");
    byte[] before = Files.readAllBytes(file);

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.NOT_A_DATABASE);
    assertThat(e.getMessage()).contains("application_id 1234");
    Faults.assertUnchanged(file, before);
  }

  @Test
  void aDatabaseOfANewerSchemaIsRefusedWithSchemaTooNewAndOpensAgainOnceItIsKnown()
      throws Exception {
    Path file = dir.resolve("wsm.db");
    createWsmDatabase(file);
    Faults.exec(file, "PRAGMA user_version = 99");

    SqliteStoreException e = startFails(file);

    assertThat(e.reason()).isEqualTo(Reason.SCHEMA_TOO_NEW);
    assertThat(e.getMessage()).contains(file.toAbsolutePath().toString())
        .contains("schema version 99").contains("newer wsm")
        .contains("knows up to " + Migrations.SCRIPTS.size());
    assertThat(Faults.queryLong(file, "PRAGMA user_version")).isEqualTo(99);

    // The refused start released everything: with the version known again, the same file opens.
    Faults.exec(file, "PRAGMA user_version = " + Migrations.SCRIPTS.size());
    SqliteDatabase db = databases.open(SqliteOptions.at(file), Clock.systemUTC());
    assertThat(db.running()).isTrue();
  }

  @Test
  void aSecondDatabaseOnTheSamePathInTheSameProcessIsRefusedWithInUseUntilTheFirstStops() {
    Path file = dir.resolve("wsm.db");
    SqliteDatabase first = database(file);
    first.start();
    try {
      SqliteStoreException e = startFails(file);

      assertThat(e.reason()).isEqualTo(Reason.IN_USE);
      assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
      // The refusal did not disturb the first one.
      SqliteMessageStore store = new SqliteMessageStore(first);
      assertThat(Faults.await(store.append(Faults.message("r", "m-1", 16))).offset()).isEqualTo(1);
    } finally {
      first.stop(Duration.ofSeconds(5));
    }

    SqliteDatabase second = databases.open(SqliteOptions.at(file), Clock.systemUTC());
    assertThat(Faults.await(new SqliteMessageStore(second)
        .history(RoomId.of("r"), new HistoryQuery(0, 10, false)))).hasSize(1);
  }

  @Test
  void aDatabaseThatAnotherProcessHasOpenIsRefusedWithInUseUntilThatProcessStops()
      throws Exception {
    Path file = dir.resolve("wsm.db");
    try (ChildJvm other = ChildJvm.start(DatabaseHolder.class, file.toString())) {
      other.awaitLine("open", Duration.ofSeconds(15));

      SqliteStoreException e = startFails(file);
      assertThat(e.reason()).isEqualTo(Reason.IN_USE);
      assertThat(e.getMessage()).contains("another wsm process");

      other.send("stop");
      other.awaitLine("stopped", Duration.ofSeconds(10));
      assertThat(other.awaitExit(Duration.ofSeconds(10))).isZero();
    }

    SqliteDatabase db = databases.open(SqliteOptions.at(file), Clock.systemUTC());
    assertThat(db.running()).isTrue();
  }
}
