package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Opens databases in a test's temporary folder and closes them after the test. */
final class Databases implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(5);

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

  /**
   * Stops {@code db} as a shutdown does (queued writes commit first) and opens a new database on
   * the same file with the same options and clock, as the next run of the process would.
   */
  SqliteDatabase reopen(SqliteDatabase db) {
    db.stop(GRACE);
    open.remove(db);
    return open(db.options(), db.clock());
  }

  @Override
  public void close() {
    for (SqliteDatabase db : open) {
      db.stop(GRACE);
    }
    open.clear();
  }
}
