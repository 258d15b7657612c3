package dev.wsm.store.sqlite.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Child process of the busy tests: opens the database file given as the argument with plain
 * sqlite-jdbc, takes the write lock ({@code BEGIN EXCLUSIVE}), prints {@code locked}, and holds it
 * until a line arrives on stdin or stdin closes; then rolls back, prints {@code released} and exits.
 */
public final class ExclusiveLockHolder {
  private ExclusiveLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("BEGIN EXCLUSIVE");
      System.out.println("locked");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      s.execute("ROLLBACK");
    }
    System.out.println("released");
    System.out.flush();
  }
}
