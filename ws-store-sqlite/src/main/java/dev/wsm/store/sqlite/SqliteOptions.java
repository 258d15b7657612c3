package dev.wsm.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the SQLite store. Immutable; start from {@link #DEFAULTS} or {@link #at(Path)} and
 * change with the withers.
 *
 * @param path the database file (default {@code ./wsm.db}); its directory must exist
 * @param durability what a completed write survives (default {@link Durability#POWER_LOSS})
 * @param busyTimeout how long a statement waits for a lock another process holds before failing
 *     with {@link SqliteStoreException.Reason#BUSY} (default 5 s)
 * @param writeQueueCapacity writes waiting for the writer at most; beyond it writes fail at once
 *     with {@link SqliteStoreException.Reason#OVERLOADED} (default 65,536)
 * @param maxBatch writes committed in one transaction at most (default 1,024)
 * @param readers reader connections, each on its own thread (default 2)
 * @param readQueueCapacity reads waiting for a reader at most (default 16,384)
 * @param historyPerRoom messages kept per room stream; older ones are purged (default 100,000)
 * @param historyMaxAge messages older than this are purged from streams (default 30 days)
 * @param inboxPerUser messages kept per offline inbox; the oldest is dropped (default 1,000)
 * @param inboxMaxAge inbox messages older than this are never delivered and are purged (default 24 h)
 * @param heartbeatLogMaxAge heartbeat log rows older than this are purged (default 24 h)
 * @param disconnectedMaxAge disconnected connections older than this are purged; totals keep
 *     counting them (default 30 days)
 * @param purgeInterval time between purge runs (default 60 s)
 * @param purgeBatch rows deleted per table per purge run at most, so a purge never stalls writes
 *     (default 10,000)
 * @param restartGrace ephemeral rooms that a restart left without members are kept this long, with
 *     their history, so their clients can come back and recover; then purged (default 5 minutes)
 */
public record SqliteOptions(
    Path path,
    Durability durability,
    Duration busyTimeout,
    int writeQueueCapacity,
    int maxBatch,
    int readers,
    int readQueueCapacity,
    int historyPerRoom,
    Duration historyMaxAge,
    int inboxPerUser,
    Duration inboxMaxAge,
    Duration heartbeatLogMaxAge,
    Duration disconnectedMaxAge,
    Duration purgeInterval,
    int purgeBatch,
    Duration restartGrace) {

  public static final SqliteOptions DEFAULTS = new SqliteOptions(Path.of("wsm.db"),
      Durability.POWER_LOSS, Duration.ofSeconds(5), 65_536, 1024, 2, 16_384, 100_000,
      Duration.ofDays(30), 1000, Duration.ofHours(24), Duration.ofHours(24), Duration.ofDays(30),
      Duration.ofSeconds(60), 10_000, Duration.ofMinutes(5));

  public SqliteOptions {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(durability, "durability");
    positive(busyTimeout, "busyTimeout");
    atLeast(writeQueueCapacity, 1, "writeQueueCapacity");
    atLeast(maxBatch, 1, "maxBatch");
    atLeast(readers, 1, "readers");
    atLeast(readQueueCapacity, 1, "readQueueCapacity");
    atLeast(historyPerRoom, 1, "historyPerRoom");
    positive(historyMaxAge, "historyMaxAge");
    atLeast(inboxPerUser, 1, "inboxPerUser");
    positive(inboxMaxAge, "inboxMaxAge");
    positive(heartbeatLogMaxAge, "heartbeatLogMaxAge");
    positive(disconnectedMaxAge, "disconnectedMaxAge");
    positive(purgeInterval, "purgeInterval");
    atLeast(purgeBatch, 1, "purgeBatch");
    Objects.requireNonNull(restartGrace, "restartGrace");
    if (restartGrace.isNegative()) {
      throw new IllegalArgumentException("restartGrace must not be negative");
    }
  }

  /** The defaults with the database at {@code path}. */
  public static SqliteOptions at(Path path) {
    return DEFAULTS.withPath(path);
  }

  public SqliteOptions withPath(Path newPath) {
    return new SqliteOptions(newPath, durability, busyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, restartGrace);
  }

  public SqliteOptions withDurability(Durability newDurability) {
    return new SqliteOptions(path, newDurability, busyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, restartGrace);
  }

  public SqliteOptions withBusyTimeout(Duration newBusyTimeout) {
    return new SqliteOptions(path, durability, newBusyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, restartGrace);
  }

  public SqliteOptions withWriteQueue(int newCapacity, int newMaxBatch) {
    return new SqliteOptions(path, durability, busyTimeout, newCapacity, newMaxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, restartGrace);
  }

  public SqliteOptions withHistory(int newPerRoom, Duration newMaxAge) {
    return new SqliteOptions(path, durability, busyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, newPerRoom, newMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, restartGrace);
  }

  public SqliteOptions withInbox(int newPerUser, Duration newMaxAge) {
    return new SqliteOptions(path, durability, busyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, newPerUser, newMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, restartGrace);
  }

  public SqliteOptions withPurge(Duration newInterval, int newBatch) {
    return new SqliteOptions(path, durability, busyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, newInterval, newBatch, restartGrace);
  }

  public SqliteOptions withRestartGrace(Duration newRestartGrace) {
    return new SqliteOptions(path, durability, busyTimeout, writeQueueCapacity, maxBatch, readers,
        readQueueCapacity, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge,
        heartbeatLogMaxAge, disconnectedMaxAge, purgeInterval, purgeBatch, newRestartGrace);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  private static void atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " (was " + value + ")");
    }
  }
}
