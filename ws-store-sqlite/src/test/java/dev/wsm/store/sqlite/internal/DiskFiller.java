package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sqlite.SQLiteException;

/**
 * Child process of the disk-full test, run under {@code ulimit -f}: opens a fresh database at the
 * first argument and appends messages of the size given as the second argument, one at a time, to
 * room {@code r} (ids {@code m-1}, {@code m-2}, ...) until an append fails (at most the third
 * argument's count). Prints {@code acked <n>} (appends that completed successfully), then {@code
 * failure <reason> <SQLite result code>} for a {@link SqliteStoreException} or {@code failure-other <class>} for anything
 * else; tries one more append and prints {@code again <reason> <SQLite result code>}; stops the
 * database, prints {@code stopped} and exits 0. Exits 2 if the database cannot
 * even be opened.
 */
public final class DiskFiller {
  private DiskFiller() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int max = Integer.parseInt(args[2]);
    SqliteDatabase db = new SqliteDatabase(SqliteOptions.at(path), Clock.systemUTC());
    try {
      db.start();
    } catch (SqliteStoreException e) {
      System.out.println("start-failed " + e.reason() + " " + e.getMessage());
      System.exit(2);
    }
    SqliteMessageStore store = new SqliteMessageStore(db);
    int acked = 0;
    String failure = "none";
    for (int i = 1; i <= max; i++) {
      try {
        store.append(Faults.message("r", "m-" + i, size)).toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
        acked++;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        failure = cause instanceof SqliteStoreException s
            ? "failure " + s.reason() + " " + sqliteCode(s) + " " + s.getMessage()
            : "failure-other " + cause;
        break;
      } catch (TimeoutException e) {
        failure = "failure-other timeout";
        break;
      }
    }
    System.out.println("acked " + acked);
    System.out.println(failure);
    // The writer goes on after the failure: the next append fails the same way (not with a stale
    // statement), and stays unacknowledged.
    try {
      store.append(Faults.message("r", "again", size)).toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      System.out.println("again acked");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      System.out.println(cause instanceof SqliteStoreException s
          ? "again " + s.reason() + " " + sqliteCode(s) : "again-other " + cause);
    }
    System.out.flush();
    db.stop(Duration.ofSeconds(5));
    System.out.println("stopped");
    System.out.flush();
  }

  /** The extended SQLite result code under a store failure, or "none". */
  private static String sqliteCode(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLiteException e) {
        return e.getResultCode().name();
      }
    }
    return "none";
  }
}
