package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The driver settings every connection of the store is opened with. */
class SqliteConnectionSettingsTest {
  @TempDir
  Path dir;
  private final Databases databases = new Databases();

  @AfterEach
  void close() {
    databases.close();
  }

  @Test
  void neitherTheWriterNorAReaderAsksTheDriverForGeneratedKeysAfterAnInsert() throws Exception {
    SqliteDatabase db = databases.open(dir, Clock.systemUTC());
    boolean writer = db.write(conn -> generatedKeys(conn)).get();
    boolean reader = db.read(conn -> generatedKeys(conn)).get();
    assertThat(writer).as("the writer's connection").isFalse();
    assertThat(reader).as("a reader's connection").isFalse();
  }

  private static boolean generatedKeys(Conn conn) throws java.sql.SQLException {
    return conn.jdbc().unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys();
  }
}
