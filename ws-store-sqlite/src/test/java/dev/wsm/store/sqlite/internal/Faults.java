package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers of the fault tests: messages, bounded waits, and plain JDBC on a database file. */
final class Faults {
  /** Every wait on a store stage is bounded by this. */
  static final long WAIT_SECONDS = 5;

  private Faults() {}

  static StoredMessage message(String room, String id, int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) ('a' + Math.floorMod(id.hashCode(), 26)));
    return new StoredMessage(MessageId.of(id), RoomId.of(room), null, UserId.of("alice"), "chat",
        data, true, null, Instant.now(), null, 0);
  }

  /** The stage's value; fails the test if it fails or takes longer than {@link #WAIT_SECONDS}. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the stage failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the stage did not complete within " + WAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Why the stage failed; fails the test if it succeeds or takes longer than {@link #WAIT_SECONDS}. */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected the stage to fail, but it completed with " + value);
    } catch (ExecutionException | CompletionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e;
    } catch (TimeoutException e) {
      throw new AssertionError("the stage did not complete within " + WAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The stage's failure, which must be a {@link SqliteStoreException}. */
  static SqliteStoreException storeFailure(CompletionStage<?> stage) {
    Throwable t = failure(stage);
    assertThat(t).isInstanceOf(SqliteStoreException.class);
    return (SqliteStoreException) t;
  }

  /** Every message of a room's stream, oldest first, read in pages by offset. */
  static List<StoredMessage> wholeHistory(MessageStore store, String room) {
    List<StoredMessage> all = new ArrayList<>();
    long after = 0;
    for (int page = 0; page < 1000; page++) {
      List<StoredMessage> next = await(store.history(RoomId.of(room),
          new HistoryQuery(after, HistoryQuery.MAX_LIMIT, false)));
      if (next.isEmpty()) {
        return all;
      }
      all.addAll(next);
      after = next.get(next.size() - 1).offset();
    }
    return fail("history of " + room + " did not end within 1000 pages");
  }

  /** Fails the test, naming the first differing offset, unless {@code file} still holds {@code before}. */
  static void assertUnchanged(Path file, byte[] before) throws IOException {
    byte[] now = Files.readAllBytes(file);
    int at = Arrays.mismatch(before, now);
    if (at >= 0) {
      fail(file + " changed: " + before.length + " bytes before, " + now.length
          + " now; the first difference is at offset " + at);
    }
  }

  static Connection jdbc(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  static long queryLong(Path file, String sql) throws SQLException {
    try (Connection c = jdbc(file); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static String queryText(Path file, String sql) throws SQLException {
    try (Connection c = jdbc(file); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static void exec(Path file, String... sql) throws SQLException {
    try (Connection c = jdbc(file); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }
}
