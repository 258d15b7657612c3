package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migration scripts ({@code migrations/V<n>__<what>.sql} beside this class's
 * package) in order, each in its own transaction, and records the version in {@code PRAGMA
 * user_version}. A database written by a newer wsm is refused; a SQLite file that another
 * application made is refused (its {@code application_id} is not wsm's).
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  /** "wsm1": marks a database as wsm's. */
  static final int APPLICATION_ID = 0x77736d31;
  /** Every script, oldest first; a test checks this against the scripts folder. */
  public static final List<String> SCRIPTS = List.of(
      "V1__rooms_and_streams.sql",
      "V2__inbox_presence_connections.sql",
      "V3__inbox_sequences_and_devices.sql");

  private final List<String> scripts;

  Migrations(List<String> scripts) {
    this.scripts = List.copyOf(scripts);
  }

  static Migrations all() {
    return new Migrations(SCRIPTS);
  }

  /** The first {@code n} scripts only: lets tests build a database of an older schema version. */
  public static Migrations upTo(int version) {
    return new Migrations(SCRIPTS.subList(0, version));
  }

  int latest() {
    return scripts.size();
  }

  /**
   * Refuses a file that another application made or a newer wsm wrote, reading only; returns the
   * version found.
   */
  int check(Conn conn, Path path) throws SQLException {
    int found = (int) conn.queryLong("PRAGMA user_version");
    int appId = (int) conn.queryLong("PRAGMA application_id");
    if (found == 0 && appId == 0 && conn.queryLong("SELECT count(*) FROM sqlite_master") > 0) {
      throw new SqliteStoreException(Reason.NOT_A_DATABASE, "SQLite store " + path.toAbsolutePath()
          + ": the file is a SQLite database that wsm did not create; use another --db path");
    }
    if (appId != 0 && appId != APPLICATION_ID) {
      throw new SqliteStoreException(Reason.NOT_A_DATABASE, "SQLite store " + path.toAbsolutePath()
          + ": the file belongs to another application (application_id " + appId + ")");
    }
    if (found > latest()) {
      throw new SqliteStoreException(Reason.SCHEMA_TOO_NEW, "SQLite store " + path.toAbsolutePath()
          + ": schema version " + found + " was written by a newer wsm; this one knows up to "
          + latest() + ". Upgrade wsm, or use another --db path.");
    }
    return found;
  }

  /** Brings the database to the latest version; returns the version it found. */
  int migrate(Conn conn, Path path) throws SQLException {
    int found = check(conn, path);
    for (int v = found + 1; v <= latest(); v++) {
      String script = scripts.get(v - 1);
      conn.exec("BEGIN IMMEDIATE");
      try {
        for (String statement : statements(read(script))) {
          conn.exec(statement);
        }
        conn.exec("PRAGMA application_id = " + APPLICATION_ID);
        conn.exec("PRAGMA user_version = " + v);
        conn.exec("COMMIT");
      } catch (SQLException | RuntimeException e) {
        conn.exec("ROLLBACK");
        throw e;
      }
      log.info("SQLite store {}: schema migrated to version {} ({})", path, v, script);
    }
    return found;
  }

  /** The statements of a script: comments removed, split at semicolons that end a line. */
  static List<String> statements(String script) {
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.startsWith("/*")) {
        continue;
      }
      sql.append(line).append('\n');
    }
    List<String> out = new ArrayList<>();
    for (String s : sql.toString().split(";\\s*\n")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  private static String read(String script) {
    String resource = "/dev/wsm/store/sqlite/migrations/" + script;
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration script missing from the jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
