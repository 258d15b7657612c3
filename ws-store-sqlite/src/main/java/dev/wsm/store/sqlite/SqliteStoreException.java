package dev.wsm.store.sqlite;

import dev.wsm.core.spi.StoreException;

/**
 * The SQLite store failed. {@link #reason()} tells operators what to do about it; the message names
 * the database file. Never carries message bodies or secrets.
 */
public final class SqliteStoreException extends StoreException {
  /** Why the store failed. */
  public enum Reason {
    /** The file or its directory cannot be opened or created (missing directory, permissions). */
    CANNOT_OPEN,
    /** The file (or its directory, for the WAL) is read-only. */
    READ_ONLY,
    /** The file exists but is not a SQLite database, or is one that wsm did not create. */
    NOT_A_DATABASE,
    /** SQLite reports the database corrupt. */
    CORRUPT,
    /** The disk is full (a file size limit, EFBIG, shows as {@link #IO}). */
    DISK_FULL,
    /** Another process held a lock past the busy timeout. */
    BUSY,
    /** The schema was written by a newer wsm. */
    SCHEMA_TOO_NEW,
    /** Another wsm process has the database open. */
    IN_USE,
    /** The bounded write or read queue is full: the store is overloaded. */
    OVERLOADED,
    /** The store is not running (not started yet, or stopped). */
    NOT_RUNNING,
    /** Any other I/O or SQL failure. */
    IO
  }

  private final Reason reason;

  public SqliteStoreException(Reason reason, String message, Throwable cause) {
    super(reason == Reason.OVERLOADED || reason == Reason.NOT_RUNNING
        ? dev.wsm.core.ErrorCode.UNAVAILABLE : dev.wsm.core.ErrorCode.INTERNAL, message, cause);
    this.reason = reason;
  }

  public SqliteStoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
