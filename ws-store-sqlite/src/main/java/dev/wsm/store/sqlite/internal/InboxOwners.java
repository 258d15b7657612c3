package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.schema.tables.Inbox.INBOX;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users who may have rows in the inbox, a superset, so that the pending read of a connect (for
 * most users there is nothing) is answered at once instead of costing a read transaction: about
 * 30 µs of SQLite while writes go on, a third of what a connect costs the server.
 *
 * <p>Each user's entry counts the enqueues started and completed for the user. An entry is made
 * before an enqueue's write is queued, and removed only by {@link #foundNone} or {@link #prune}:
 * after a read that was submitted while none of the user's enqueues was in flight found no row of
 * the user, and only if no enqueue has started since. A read sees every write whose stage has
 * completed, so such a read cannot miss a row; a later enqueue makes the entry again. Loaded from
 * the table at first use.
 *
 * <p>Thread-safe; never blocks.
 */
final class InboxOwners {
  private static final String USERS = Sql.render(Sql.dsl().selectDistinct(INBOX.USER_ID)
      .from(INBOX));

  /** Enqueues started and completed for one user; an entry is replaced, never changed. */
  record Marks(long started, long done) {
    boolean settled() {
      return started == done;
    }
  }

  private final SqliteDatabase db;
  private final ConcurrentHashMap<String, Marks> users = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> loaded;

  InboxOwners(SqliteDatabase db) {
    this.db = db;
  }

  /** Before an enqueue for {@code user} is queued. */
  void enqueueStarted(String user) {
    users.merge(user, new Marks(1, 0), (m, one) -> new Marks(m.started() + 1, m.done()));
  }

  /** When the stage of an enqueue for {@code user} has completed, whatever its outcome. */
  void enqueueDone(String user) {
    users.computeIfPresent(user, (u, m) -> new Marks(m.started(), m.done() + 1));
  }

  /**
   * Completes with the marks of {@code user} if the user may have rows, or with null if not; a read
   * for the user must be submitted after this completes.
   */
  CompletionStage<Marks> marksOf(String user) {
    return load().thenApply(v -> users.get(user));
  }

  /** A read submitted after {@link #marksOf} gave {@code marks} found no row of {@code user}. */
  void foundNone(String user, Marks marks) {
    if (marks.settled()) {
      users.remove(user, marks);
    }
  }

  /** Forgets every user, settled when the read is submitted, that has no row left (after purges). */
  CompletionStage<Void> prune() {
    return load().thenCompose(v -> {
      Map<String, Marks> settled = new HashMap<>();
      users.forEach((user, marks) -> {
        if (marks.settled()) {
          settled.put(user, marks);
        }
      });
      if (settled.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      return db.read(InboxOwners::readUsers).thenAccept(present -> settled.forEach((user, marks) -> {
        if (!present.contains(user)) {
          users.remove(user, marks);
        }
      }));
    });
  }

  /** Users that may have rows now (for tests). */
  int size() {
    return users.size();
  }

  private CompletableFuture<Void> load() {
    CompletableFuture<Void> done = loaded;
    if (done == null) {
      synchronized (this) {
        done = loaded;
        if (done == null) {
          done = db.read(InboxOwners::readUsers).thenAccept(present ->
              present.forEach(user -> users.putIfAbsent(user, new Marks(0, 0))));
          loaded = done;
          // A failed load (the store is not running, say) is tried again at the next use.
          done.whenComplete((v, e) -> {
            if (e != null) {
              resetFailedLoad();
            }
          });
        }
      }
    }
    return done;
  }

  private synchronized void resetFailedLoad() {
    if (loaded != null && loaded.isCompletedExceptionally()) {
      loaded = null;
    }
  }

  private static Set<String> readUsers(Conn conn) throws SQLException {
    Set<String> present = new HashSet<>();
    try (ResultSet rs = conn.prepare(USERS).executeQuery()) {
      while (rs.next()) {
        present.add(rs.getString(1));
      }
    }
    return present;
  }
}
