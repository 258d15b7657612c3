package dev.wsm.store.sqlite.internal;

import dev.wsm.core.spi.Managed;
import dev.wsm.store.sqlite.Durability;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The database file: opened, locked against a second wsm process, migrated and recovered at {@link
 * #start()}; one {@link Writer} and a few {@link Readers}; closed at {@link #stop(Duration)} after
 * the queued writes have committed.
 *
 * <p>Recovery at start: connections and room memberships of the previous run are gone with its
 * process, so memberships are cleared and connections still marked active are marked disconnected.
 * Ephemeral rooms left empty are kept, with their history, for {@code restartGrace} so that their
 * clients can come back and recover, then purged. One database belongs to one node.
 */
@Singleton
public final class SqliteDatabase implements Managed {
  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

  private final SqliteOptions options;
  private final Clock clock;
  private final Migrations migrations;
  private final List<Runnable> rollbackListeners = new CopyOnWriteArrayList<>();
  private final List<Writer.Op<Void>> beforeCommit = new CopyOnWriteArrayList<>();

  static {
    Sql.quiet();
  }
  private volatile Writer writer;
  private volatile Readers readers;
  private Purger purger;
  private FileChannel lockChannel;
  private FileLock lock;

  @Inject
  public SqliteDatabase(SqliteOptions options, Clock clock) {
    this(options, clock, Migrations.all());
  }

  /** A database migrated with the given scripts only; for tests of upgrades from older versions. */
  public SqliteDatabase(SqliteOptions options, Clock clock, Migrations migrations) {
    this.options = options;
    this.clock = clock;
    this.migrations = migrations;
  }

  public SqliteOptions options() {
    return options;
  }

  Clock clock() {
    return clock;
  }

  Path path() {
    return options.path();
  }

  @Override
  public synchronized void start() {
    if (writer != null) {
      throw new IllegalStateException("the SQLite store is already started");
    }
    Path path = options.path().toAbsolutePath();
    checkPath(path);
    lockAgainstOtherWsm(path);
    Conn conn = null;
    try {
      conn = open(path, false);
      // Refuse another application's file or a newer schema before changing anything in it: even
      // switching to WAL rewrites the header of the file.
      migrations.check(conn, path);
      conn.exec("PRAGMA journal_mode = WAL");
      int found = migrations.migrate(conn, path);
      recover(conn);
      rollbackListeners.forEach(Runnable::run); // caches of an earlier run are void
      writer = new Writer(conn, path, options.writeQueueCapacity(), options.maxBatch(),
          () -> rollbackListeners.forEach(Runnable::run), conn2 -> {
            for (Writer.Op<Void> hook : beforeCommit) {
              hook.run(conn2);
            }
            return null;
          });
      readers = new Readers(path, options.readers(), options.readQueueCapacity(),
          () -> openReader(path));
      purger = new Purger(this, clock, clock.instant());
      purger.start();
      log.info("SQLite store {} open (schema version {} -> {}, durability {})", path, found,
          migrations.latest(), options.durability());
    } catch (SQLException | RuntimeException e) {
      if (conn != null) {
        conn.close();
      }
      releaseLock();
      throw Errors.wrap(path, "opening", e);
    }
  }

  private static void checkPath(Path path) {
    Path dir = path.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new SqliteStoreException(Reason.CANNOT_OPEN, "SQLite store " + path
          + ": the directory " + dir + " does not exist; create it or choose another --db path");
    }
    if (Files.isDirectory(path)) {
      throw new SqliteStoreException(Reason.CANNOT_OPEN,
          "SQLite store " + path + ": that is a directory, not a database file");
    }
    if (Files.exists(path) && !Files.isWritable(path)) {
      throw new SqliteStoreException(Reason.READ_ONLY,
          "SQLite store " + path + ": the file is read-only; wsm needs to write to it");
    }
    if (dir != null && !Files.isWritable(dir)) {
      throw new SqliteStoreException(Reason.READ_ONLY, "SQLite store " + path + ": the directory "
          + dir + " is read-only; wsm needs to create the -wal and -shm files there");
    }
  }

  private void lockAgainstOtherWsm(Path path) {
    Path lockFile = Path.of(path + ".lock");
    try {
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      releaseLock();
      throw new SqliteStoreException(Reason.CANNOT_OPEN,
          "SQLite store " + path + ": cannot create the lock file " + lockFile, e);
    }
    if (lock == null) {
      releaseLock();
      throw new SqliteStoreException(Reason.IN_USE, "SQLite store " + path
          + ": another wsm process has this database open; one database serves one node");
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      log.debug("releasing the lock file failed", e);
    }
    lock = null;
    lockChannel = null;
  }

  private Conn open(Path path, boolean readOnly) throws SQLException {
    // No journal mode here: it is persistent, so start() sets WAL once it knows the file is wsm's.
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(options.durability() == Durability.POWER_LOSS
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-16_384); // 16 MiB of page cache per connection
    // Reads through a shared memory map instead of a read() per page: less CPU per page touched.
    config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(256L << 20));
    // No statement reads generated keys; left on, the driver prepares and runs
    // `SELECT last_insert_rowid()` after every insert (5 % of a one-core server's CPU in a connect
    // storm on SQLite).
    config.setGetGeneratedKeys(false);
    var jdbc = DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
    Conn conn = new Conn(jdbc);
    // Fails with SQLITE_NOTADB on a file that is not a database, before anything else happens.
    conn.queryLong("PRAGMA schema_version");
    if (readOnly) {
      conn.exec("PRAGMA query_only = 1");
    }
    return conn;
  }

  private Conn openReader(Path path) {
    try {
      return open(path, true);
    } catch (SQLException e) {
      throw Errors.wrap(path, "opening a reader", e);
    }
  }

  private void recover(Conn conn) throws SQLException {
    long now = Rows.nanos(clock.instant());
    conn.exec("BEGIN IMMEDIATE");
    try {
      conn.exec("DELETE FROM room_members");
      if (migrations.latest() >= 2) { // the connection registry came with schema version 2
        conn.exec("UPDATE connections SET status = 'disconnected', disconnected_at = " + now
            + " WHERE status = 'active'");
      }
      conn.exec("COMMIT");
    } catch (SQLException e) {
      conn.exec("ROLLBACK");
      throw e;
    }
  }

  /** Registers work the writer runs on its thread inside each transaction, just before it commits. */
  void beforeCommit(Writer.Op<Void> hook) {
    beforeCommit.add(hook);
  }

  /** Queues a write; see {@link Writer} for the contract. */
  <T> CompletableFuture<T> write(Writer.Op<T> op) {
    Writer w = writer;
    if (w == null) {
      return CompletableFuture.failedFuture(notRunning());
    }
    return w.submit(op);
  }

  /** Queues a read; see {@link Readers} for the contract. */
  <T> CompletableFuture<T> read(Readers.Op<T> op) {
    Readers r = readers;
    if (r == null) {
      return CompletableFuture.failedFuture(notRunning());
    }
    return r.submit(op);
  }

  /**
   * Registers a listener the writer runs (on its thread) whenever a transaction rolls back, and that
   * runs at each start: the place to clear caches of what the writer wrote.
   */
  void onRollback(Runnable listener) {
    rollbackListeners.add(listener);
  }

  /** Runs one purge now; completes with the number of rows deleted. For tests and operators. */
  public CompletableFuture<Long> purgeNow() {
    Purger p = purger;
    return p == null ? CompletableFuture.failedFuture(notRunning()) : p.runOnce();
  }

  boolean running() {
    return writer != null;
  }

  private SqliteStoreException notRunning() {
    return new SqliteStoreException(Reason.NOT_RUNNING,
        "SQLite store " + options.path().toAbsolutePath() + " is not running (start the hub first)");
  }

  @Override
  public synchronized void stop(Duration grace) {
    Writer w = writer;
    if (w == null) {
      return;
    }
    purger.stop();
    writer = null;
    Readers r = readers;
    readers = null;
    w.stop(grace);
    r.stop();
    w.closeConnection();
    releaseLock();
    log.info("SQLite store {} closed ({} writes in {} batches)", options.path().toAbsolutePath(),
        w.committed(), w.batches());
  }
}
