package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.ConnectionLabels.CONNECTION_LABELS;
import static dev.wsm.store.sqlite.internal.schema.tables.Connections.CONNECTIONS;
import static dev.wsm.store.sqlite.internal.schema.tables.Heartbeats.HEARTBEATS;
import static dev.wsm.store.sqlite.internal.schema.tables.Messages.MESSAGES;
import static dev.wsm.store.sqlite.internal.schema.tables.Streams.STREAMS;

import dev.wsm.store.sqlite.SqliteOptions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the store no longer keeps, on a schedule: expired messages, history beyond {@code
 * historyPerRoom} or older than {@code historyMaxAge}, old heartbeat log rows and old disconnected
 * connections, and ephemeral rooms that a restart left empty once {@code restartGrace} has passed
 * (rooms created before this run and still without members). Each step is one write of at most {@code purgeBatch} rows, queued with the other
 * writes, so a purge never holds the writer for long; what is left waits for the next run.
 * (Inboxes and expired rooms are purged by the hub through the store SPI.)
 */
final class Purger {
  private static final Logger log = LoggerFactory.getLogger(Purger.class);

  private static final String EXPIRED_MESSAGES = Sql.render(Sql.dsl()
      .deleteFrom(MESSAGES).where(MESSAGES.SEQ.in(Sql.dsl().select(MESSAGES.SEQ).from(MESSAGES)
          .where(MESSAGES.EXPIRES_AT.le(p(MESSAGES.EXPIRES_AT)))
          .limit(Sql.p(DSL.field("limit", Integer.class))))));
  /** Messages are stored roughly in time order: look at the oldest rows only. */
  private static final String OLD_MESSAGES = Sql.render(Sql.dsl()
      .deleteFrom(MESSAGES).where(MESSAGES.SEQ.in(Sql.dsl().select(MESSAGES.SEQ).from(MESSAGES)
          .orderBy(MESSAGES.SEQ).limit(Sql.p(DSL.field("limit", Integer.class)))))
      .and(MESSAGES.SENT_AT.lt(p(MESSAGES.SENT_AT))));
  private static final String STREAMS_ALL = Sql.render(Sql.dsl()
      .select(STREAMS.ROOM_NAME, STREAMS.LAST_OFFSET).from(STREAMS)
      .where(STREAMS.LAST_OFFSET.gt(p(STREAMS.LAST_OFFSET))));
  private static final String TRIM_ROOM = Sql.render(Sql.dsl()
      .deleteFrom(MESSAGES).where(MESSAGES.SEQ.in(Sql.dsl().select(MESSAGES.SEQ).from(MESSAGES)
          .where(MESSAGES.ROOM_NAME.eq(p(MESSAGES.ROOM_NAME)))
          .and(MESSAGES.ROOM_OFFSET.le(p(MESSAGES.ROOM_OFFSET)))
          .orderBy(MESSAGES.ROOM_OFFSET)
          .limit(Sql.p(DSL.field("limit", Integer.class))))));
  private static final String OLD_HEARTBEATS = Sql.render(Sql.dsl()
      .deleteFrom(HEARTBEATS).where(DSL.field("rowid", Long.class).in(Sql.dsl()
          .select(DSL.field("rowid", Long.class)).from(HEARTBEATS)
          .where(HEARTBEATS.AT.lt(p(HEARTBEATS.AT)))
          .limit(Sql.p(DSL.field("limit", Integer.class))))));
  private static final String OLD_CONNECTIONS = Sql.render(Sql.dsl()
      .select(CONNECTIONS.ID).from(CONNECTIONS)
      .where(CONNECTIONS.DISCONNECTED_AT.lt(p(CONNECTIONS.DISCONNECTED_AT)))
      .limit(Sql.p(DSL.field("limit", Integer.class))));
  private static final String DELETE_CONNECTION = Sql.render(Sql.dsl()
      .deleteFrom(CONNECTIONS).where(CONNECTIONS.ID.eq(p(CONNECTIONS.ID))));
  private static final String DELETE_LABELS = Sql.render(Sql.dsl()
      .deleteFrom(CONNECTION_LABELS)
      .where(CONNECTION_LABELS.CONNECTION_ID.eq(p(CONNECTION_LABELS.CONNECTION_ID))));

  private final SqliteDatabase db;
  private final SqliteOptions options;
  private final Clock clock;
  private final Instant openedAt;
  private ScheduledExecutorService scheduler;

  Purger(SqliteDatabase db, Clock clock, Instant openedAt) {
    this.openedAt = openedAt;
    this.db = db;
    this.options = db.options();
    this.clock = clock;
  }

  void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> Writer.daemon(r, "wsm-sqlite-purge"));
    long millis = options.purgeInterval().toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        runOnce().join();
      } catch (RuntimeException e) {
        log.warn("SQLite purge failed; it runs again in {}", options.purgeInterval(), e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** One purge run; completes with the number of rows deleted. */
  CompletableFuture<Long> runOnce() {
    Instant now = clock.instant();
    int batch = options.purgeBatch();
    List<CompletableFuture<Long>> steps = new ArrayList<>();
    steps.add(db.write(conn -> {
      PreparedStatement ps = conn.prepare(EXPIRED_MESSAGES);
      ps.setLong(1, Rows.nanos(now));
      ps.setInt(2, batch);
      return (long) ps.executeUpdate();
    }));
    steps.add(db.write(conn -> {
      PreparedStatement ps = conn.prepare(OLD_MESSAGES);
      ps.setInt(1, batch);
      ps.setLong(2, Rows.nanos(now.minus(options.historyMaxAge())));
      return (long) ps.executeUpdate();
    }));
    steps.add(db.write(conn -> {
      long deleted = 0;
      PreparedStatement rooms = conn.prepare(STREAMS_ALL);
      rooms.setLong(1, options.historyPerRoom());
      List<String> names = new ArrayList<>();
      List<Long> keepAfter = new ArrayList<>();
      try (ResultSet rs = rooms.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
          keepAfter.add(rs.getLong(2) - options.historyPerRoom());
        }
      }
      PreparedStatement trim = conn.prepare(TRIM_ROOM);
      for (int i = 0; i < names.size() && deleted < batch; i++) {
        trim.setString(1, names.get(i));
        trim.setLong(2, keepAfter.get(i));
        trim.setLong(3, batch - deleted);
        deleted += trim.executeUpdate();
      }
      return deleted;
    }));
    steps.add(db.write(conn -> {
      PreparedStatement ps = conn.prepare(OLD_HEARTBEATS);
      ps.setLong(1, Rows.nanos(now.minus(options.heartbeatLogMaxAge())));
      ps.setInt(2, batch);
      return (long) ps.executeUpdate();
    }));
    steps.add(db.write(conn -> {
      PreparedStatement find = conn.prepare(OLD_CONNECTIONS);
      find.setLong(1, Rows.nanos(now.minus(options.disconnectedMaxAge())));
      find.setInt(2, batch);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = find.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      PreparedStatement labels = conn.prepare(DELETE_LABELS);
      PreparedStatement connection = conn.prepare(DELETE_CONNECTION);
      for (String id : ids) {
        labels.setString(1, id);
        labels.executeUpdate();
        connection.setString(1, id);
        connection.executeUpdate();
      }
      return (long) ids.size();
    }));
    if (!now.isBefore(openedAt.plus(options.restartGrace()))) {
      long before = Rows.nanos(openedAt);
      steps.add(db.write(conn -> {
        String orphans = "SELECT name FROM rooms WHERE ephemeral = 1 AND created_at < " + before
            + " AND NOT EXISTS (SELECT 1 FROM room_members m WHERE m.room_name = rooms.name)"
            + " LIMIT " + batch;
        conn.exec("DELETE FROM messages WHERE room_name IN (" + orphans + ")");
        conn.exec("DELETE FROM streams WHERE room_name IN (" + orphans + ")");
        try (var st = conn.jdbc().createStatement()) {
          return (long) st.executeUpdate("DELETE FROM rooms WHERE name IN (" + orphans + ")");
        }
      }));
    }
    return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).thenApply(v -> {
      long total = steps.stream().mapToLong(CompletableFuture::join).sum();
      if (total > 0) {
        log.info("SQLite purge deleted {} rows", total);
      }
      return total;
    });
  }
}
