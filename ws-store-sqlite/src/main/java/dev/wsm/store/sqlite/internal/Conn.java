package dev.wsm.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One JDBC connection and its prepared statements, each prepared once. Confined to one thread (the
 * writer, or one reader).
 */
final class Conn implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  Conn(Connection connection) {
    this.connection = connection;
  }

  /** The prepared statement for {@code sql}, with its parameters cleared. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps != null) {
      try {
        ps.clearParameters();
        return ps;
      } catch (SQLException finalized) {
        // sqlite-jdbc finalizes a statement whose step failed with anything but BUSY, LOCKED,
        // MISUSE or CONSTRAINT (CORRUPT, FULL, IOERR...): it fails every later use with "statement
        // is not executing". Prepare it again rather than fail every later write or read.
        statements.remove(sql);
        closeQuietly(ps);
      }
    }
    ps = connection.prepareStatement(sql);
    statements.put(sql, ps);
    return ps;
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // it is unusable anyway
    }
  }

  void exec(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  long queryLong(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  Connection jdbc() {
    return connection;
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      closeQuietly(ps);
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
