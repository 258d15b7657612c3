package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child process of the disk-full test, run under {@code ulimit -f}: opens a fresh database at the
 * first argument and appends messages of the size given as the second argument, one at a time, to
 * room {@code r} (ids {@code m-1}, {@code m-2}, ...) until an append fails (at most the third
 * argument's count). Prints {@code acked <n>} (appends that completed successfully), then {@code
 * failure <reason>} for a {@link SqliteStoreException} or {@code failure-other <class>} for anything
 * else, stops the database, prints {@code stopped} and exits 0. Exits 2 if the database cannot
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
            ? "failure " + s.reason() + " " + s.getMessage()
            : "failure-other " + cause;
        break;
      } catch (TimeoutException e) {
        failure = "failure-other timeout";
        break;
      }
    }
    System.out.println("acked " + acked);
    System.out.println(failure);
    System.out.flush();
    db.stop(Duration.ofSeconds(5));
    System.out.println("stopped");
    System.out.flush();
  }
}
