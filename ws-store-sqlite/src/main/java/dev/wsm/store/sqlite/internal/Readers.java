package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reader threads, each with its own read-only connection, fed by a bounded queue. A read sees every
 * write whose stage has completed (WAL: readers see the last commit). {@link #submit} never blocks:
 * it fails at once when the queue is full or the readers are stopped.
 */
final class Readers {
  /** A query on a reader connection. */
  interface Op<T> {
    T run(Conn conn) throws SQLException;
  }

  private final Path path;
  private final ThreadPoolExecutor pool;
  private final ThreadLocal<Conn> connections = new ThreadLocal<>();
  private final List<Conn> opened = new CopyOnWriteArrayList<>();
  private final Supplier<Conn> open;

  Readers(Path path, int threads, int queueCapacity, Supplier<Conn> open) {
    this.path = path;
    this.open = open;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity),
        r -> Writer.daemon(r, "wsm-sqlite-reader-" + n.incrementAndGet()));
  }

  <T> CompletableFuture<T> submit(Op<T> op) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        try {
          future.complete(op.run(connection()));
        } catch (SQLException | RuntimeException e) {
          future.completeExceptionally(Errors.wrap(path, "a read", e));
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(pool.isShutdown()
          ? new SqliteStoreException(Reason.NOT_RUNNING, "SQLite store " + path + " is not running")
          : new SqliteStoreException(Reason.OVERLOADED,
              "SQLite store " + path + ": the read queue is full"));
    }
    return future;
  }

  private Conn connection() {
    Conn c = connections.get();
    if (c == null) {
      c = open.get();
      connections.set(c);
      opened.add(c);
    }
    return c;
  }

  void stop() {
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    for (Conn c : opened) {
      c.close();
    }
  }
}
