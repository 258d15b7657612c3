package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Child process of the in-use tests: a second wsm. Starts a {@link SqliteDatabase} on the file given
 * as the argument, prints {@code open} (or {@code failed <reason>}), keeps it open until a line
 * arrives on stdin or stdin closes, then stops it, prints {@code stopped} and exits.
 */
public final class DatabaseHolder {
  private DatabaseHolder() {}

  public static void main(String[] args) throws Exception {
    SqliteDatabase db = new SqliteDatabase(SqliteOptions.at(Path.of(args[0])), Clock.systemUTC());
    try {
      db.start();
    } catch (SqliteStoreException e) {
      System.out.println("failed " + e.reason() + " " + e.getMessage());
      System.exit(2);
    }
    System.out.println("open");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    db.stop(Duration.ofSeconds(5));
    System.out.println("stopped");
    System.out.flush();
  }
}
