package dev.wsm.store.sqlite.internal;

import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer: a thread that owns the write connection, takes writes from a bounded queue and
 * commits them in batches, one transaction per batch.
 *
 * <p>Threading contract: {@link #submit} never blocks; it fails the returned stage at once when the
 * queue is full ({@link Reason#OVERLOADED}) or the writer is stopped ({@link Reason#NOT_RUNNING}).
 * A write's stage completes only after the transaction holding it has committed, and stages complete
 * in submission order on one completion thread (so callers may chain ordered work on them, and never
 * run on the writer thread). If a write fails, the batch is rolled back and its writes are retried
 * one per transaction, so one bad write fails alone. Before each commit the writer runs the
 * before-commit hook, in the same transaction (stores flush what they batch per transaction there).
 */
final class Writer {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);

  /** A unit of work on the write connection, inside a transaction the writer manages. */
  interface Op<T> {
    T run(Conn conn) throws SQLException;
  }

  private record Pending<T>(Op<T> op, CompletableFuture<T> future) {
    @SuppressWarnings("unchecked")
    void complete(Object result) {
      future.complete((T) result);
    }
  }

  private final Conn conn;
  private final Path path;
  private final int maxBatch;
  private final ArrayBlockingQueue<Pending<?>> queue;
  private final ExecutorService completions;
  private final Runnable onRollback;
  private final Op<Void> beforeCommit;
  private final Thread thread;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private volatile boolean running = true;

  Writer(Conn conn, Path path, int queueCapacity, int maxBatch, Runnable onRollback,
      Op<Void> beforeCommit) {
    this.onRollback = onRollback;
    this.beforeCommit = beforeCommit;
    this.conn = conn;
    this.path = path;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    // Completions never outnumber the writes in flight: the queue plus one batch.
    this.completions = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(queueCapacity + maxBatch), r -> daemon(r, "wsm-sqlite-completions"));
    this.thread = daemon(this::loop, "wsm-sqlite-writer");
    thread.start();
  }

  <T> CompletableFuture<T> submit(Op<T> op) {
    CompletableFuture<T> future = new CompletableFuture<>();
    if (!running) {
      future.completeExceptionally(new SqliteStoreException(Reason.NOT_RUNNING,
          "SQLite store " + path + " is not running"));
    } else if (!queue.offer(new Pending<>(op, future))) {
      future.completeExceptionally(new SqliteStoreException(Reason.OVERLOADED,
          "SQLite store " + path + ": the write queue is full (" + queue.size() + " waiting)"));
    }
    return future;
  }

  long batches() {
    return batches.get();
  }

  long committed() {
    return committed.get();
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        log.error("SQLite writer: unexpected failure; failing the batch", e);
        for (Pending<?> p : batch) {
          p.future().completeExceptionally(Errors.wrap(path, "a write", e));
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    try {
      conn.prepare("BEGIN IMMEDIATE").execute();
    } catch (SQLException e) {
      failAll(batch, e);
      return;
    }
    int i = 0;
    try {
      for (; i < batch.size(); i++) {
        results[i] = batch.get(i).op().run(conn);
      }
      beforeCommit.run(conn);
      conn.prepare("COMMIT").execute();
    } catch (SQLException | RuntimeException e) {
      rollback();
      if (batch.size() == 1) {
        failAll(batch, e);
      } else {
        log.debug("SQLite writer: a batch of {} failed at write {}; retrying one by one",
            batch.size(), i, e);
        for (Pending<?> p : batch) {
          runBatch(List.of(p));
        }
      }
      return;
    }
    batches.incrementAndGet();
    committed.addAndGet(batch.size());
    List<Pending<?>> done = List.copyOf(batch);
    completions.execute(() -> {
      for (int k = 0; k < done.size(); k++) {
        done.get(k).complete(results[k]);
      }
    });
  }

  private void rollback() {
    try {
      conn.prepare("ROLLBACK").execute();
    } catch (SQLException e) {
      log.debug("SQLite writer: rollback failed (no transaction open?)", e);
    }
    onRollback.run();
  }

  private void failAll(List<Pending<?>> batch, Throwable cause) {
    SqliteStoreException error = Errors.wrap(path, "a write", cause);
    log.warn("{} ({} write(s) failed)", error.getMessage(), batch.size(), cause);
    List<Pending<?>> failed = List.copyOf(batch);
    completions.execute(() -> {
      for (Pending<?> p : failed) {
        p.future().completeExceptionally(error);
      }
    });
  }

  /** Stops taking writes, commits the ones queued within {@code grace}, then stops the threads. */
  void stop(Duration grace) {
    running = false;
    try {
      thread.join(Math.max(1, grace.toMillis()));
      if (thread.isAlive()) {
        log.warn("SQLite writer: {} queued writes not committed within {}", queue.size(), grace);
        thread.interrupt();
        thread.join(1000);
      }
      completions.shutdown();
      completions.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending<?> left;
    while ((left = queue.poll()) != null) {
      left.future().completeExceptionally(new SqliteStoreException(Reason.NOT_RUNNING,
          "SQLite store " + path + " stopped before this write was committed"));
    }
  }

  void closeConnection() {
    if (!thread.isAlive()) {
      conn.close();
    }
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
