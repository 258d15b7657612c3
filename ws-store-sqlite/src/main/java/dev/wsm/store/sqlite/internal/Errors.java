package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns sqlite-jdbc failures into {@link SqliteStoreException}s that say what to do. */
final class Errors {
  private Errors() {}

  static SqliteStoreException wrap(Path path, String doing, Throwable e) {
    if (e instanceof SqliteStoreException s) {
      return s;
    }
    Reason reason = reason(e);
    return new SqliteStoreException(reason, describe(reason, path, doing), e);
  }

  static Reason reason(Throwable e) {
    if (!(e instanceof SQLiteException sqlite)) {
      return e instanceof SQLException ? Reason.IO : Reason.IO;
    }
    SQLiteErrorCode code = sqlite.getResultCode();
    switch (code.code & 0xff) {
      case 5: // SQLITE_BUSY
      case 6: // SQLITE_LOCKED
        return Reason.BUSY;
      case 8: // SQLITE_READONLY
        return Reason.READ_ONLY;
      case 11: // SQLITE_CORRUPT
        return Reason.CORRUPT;
      case 13: // SQLITE_FULL
        return Reason.DISK_FULL;
      case 14: // SQLITE_CANTOPEN
        return Reason.CANNOT_OPEN;
      case 26: // SQLITE_NOTADB
        return Reason.NOT_A_DATABASE;
      case 10: // SQLITE_IOERR: EFBIG from a file size limit lands here
        return Reason.IO;
      default:
        return Reason.IO;
    }
  }

  private static String describe(Reason reason, Path path, String doing) {
    String where = "SQLite store " + path.toAbsolutePath() + ": " + doing + " failed: ";
    return where + switch (reason) {
      case BUSY -> "another process holds a lock on the database (waited the busy timeout)";
      case READ_ONLY -> "the database file or its directory is read-only";
      case CORRUPT -> "the database is corrupt; restore it from a backup";
      case DISK_FULL -> "the disk or the file size limit is full; free space and retry";
      case CANNOT_OPEN -> "cannot open the file (does its directory exist, and may wsm write there?)";
      case NOT_A_DATABASE -> "the file is not a SQLite database";
      default -> "an I/O or SQL error occurred (see the log for the cause)";
    };
  }
}
