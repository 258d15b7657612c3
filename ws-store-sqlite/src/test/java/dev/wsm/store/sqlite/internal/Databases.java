package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Opens databases in a test's temporary folder and closes them after the test. */
final class Databases implements AutoCloseable {
  private final List<SqliteDatabase> open = new ArrayList<>();

  SqliteDatabase open(Path dir, Clock clock) {
    return open(SqliteOptions.at(dir.resolve("wsm.db")), clock);
  }

  SqliteDatabase open(SqliteOptions options, Clock clock) {
    SqliteDatabase db = new SqliteDatabase(options, clock);
    db.start();
    open.add(db);
    return db;
  }

  @Override
  public void close() {
    for (SqliteDatabase db : open) {
      db.stop(Duration.ofSeconds(5));
    }
    open.clear();
  }
}
