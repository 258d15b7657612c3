package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.Messages.MESSAGES;
import static dev.wsm.store.sqlite.internal.schema.tables.Streams.STREAMS;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jooq.Field;
import org.jooq.SelectField;

/**
 * Room streams in SQLite. The writer hands out offsets from a per-room cache of each stream's
 * epoch and last offset (loaded on first use, cleared on any rollback), so an append is one insert
 * and one update. An append completes after its batch commits: a message a client saw acknowledged
 * is on disk (to the {@code Durability} chosen).
 */
@Singleton
public final class SqliteMessageStore implements MessageStore {
  static final Field<?>[] COLUMNS = {MESSAGES.ID, MESSAGES.ROOM_NAME, MESSAGES.SENDER,
      MESSAGES.EVENT, MESSAGES.DATA, MESSAGES.IS_BINARY, MESSAGES.PARENT_ID, MESSAGES.SENT_AT,
      MESSAGES.EXPIRES_AT, MESSAGES.ROOM_OFFSET};

  private static final String FIND_STREAM = Sql.render(Sql.dsl()
      .select(STREAMS.EPOCH, STREAMS.LAST_OFFSET).from(STREAMS)
      .where(STREAMS.ROOM_NAME.eq(p(STREAMS.ROOM_NAME))));
  private static final String CREATE_STREAM = Sql.render(Sql.dsl()
      .insertInto(STREAMS, STREAMS.ROOM_NAME, STREAMS.EPOCH, STREAMS.LAST_OFFSET)
      .values(p(STREAMS.ROOM_NAME), p(STREAMS.EPOCH), p(STREAMS.LAST_OFFSET))
      .onConflictDoNothing());
  private static final String ADVANCE_STREAM = Sql.render(Sql.dsl()
      .update(STREAMS).set(STREAMS.LAST_OFFSET, p(STREAMS.LAST_OFFSET))
      .where(STREAMS.ROOM_NAME.eq(p(STREAMS.ROOM_NAME))));
  private static final String INSERT = Sql.render(Sql.dsl()
      .insertInto(MESSAGES, MESSAGES.ID, MESSAGES.ROOM_NAME, MESSAGES.SENDER, MESSAGES.EVENT,
          MESSAGES.DATA, MESSAGES.IS_BINARY, MESSAGES.PARENT_ID, MESSAGES.SENT_AT,
          MESSAGES.EXPIRES_AT, MESSAGES.ROOM_OFFSET)
      .values(p(MESSAGES.ID), p(MESSAGES.ROOM_NAME), p(MESSAGES.SENDER), p(MESSAGES.EVENT),
          p(MESSAGES.DATA), p(MESSAGES.IS_BINARY), p(MESSAGES.PARENT_ID), p(MESSAGES.SENT_AT),
          p(MESSAGES.EXPIRES_AT), p(MESSAGES.ROOM_OFFSET))
      .onConflictDoNothing());
  private static final String FIND_BY_ID = Sql.render(Sql.dsl()
      .select(columns()).from(MESSAGES).where(MESSAGES.ID.eq(p(MESSAGES.ID))));
  private static final String DROP_MESSAGES = Sql.render(Sql.dsl()
      .deleteFrom(MESSAGES).where(MESSAGES.ROOM_NAME.eq(p(MESSAGES.ROOM_NAME))));
  private static final String DROP_STREAM = Sql.render(Sql.dsl()
      .deleteFrom(STREAMS).where(STREAMS.ROOM_NAME.eq(p(STREAMS.ROOM_NAME))));
  /**
   * Parameters: room, after, before (Long.MAX_VALUE for none), since, until, now, [parent,] limit.
   * Four variants (order × parent filter), so that each can use its index.
   */
  private static final String HISTORY_OLDEST = history(false, false);
  private static final String HISTORY_NEWEST = history(true, false);
  private static final String REPLIES_OLDEST = history(false, true);
  private static final String REPLIES_NEWEST = history(true, true);

  private final SqliteDatabase db;
  /** Writer-thread only. */
  private final Map<String, long[]> lastOffsets = new HashMap<>();
  private final Map<String, String> epochs = new HashMap<>();
  /** Streams whose last offset moved in the open transaction; flushed before it commits. */
  private final Map<String, long[]> dirty = new HashMap<>();

  @Inject
  public SqliteMessageStore(SqliteDatabase db) {
    this.db = db;
    db.onRollback(() -> {
      lastOffsets.clear();
      epochs.clear();
      dirty.clear();
    });
    db.beforeCommit(this::flushOffsets);
  }

  private static SelectField<?>[] columns() {
    return COLUMNS;
  }

  private static String history(boolean newestFirst, boolean byParent) {
    var m = MESSAGES;
    var condition = m.ROOM_NAME.eq(p(m.ROOM_NAME))
        .and(m.ROOM_OFFSET.gt(Sql.p(m.ROOM_OFFSET)))
        .and(m.ROOM_OFFSET.lt(Sql.p(m.ROOM_OFFSET)))
        .and(m.SENT_AT.ge(p(m.SENT_AT)))
        .and(m.SENT_AT.lt(p(m.SENT_AT)))
        .and(m.EXPIRES_AT.isNull().or(m.EXPIRES_AT.gt(p(m.EXPIRES_AT))));
    if (byParent) {
      condition = condition.and(m.PARENT_ID.eq(p(m.PARENT_ID)));
    }
    var query = Sql.dsl().select(columns()).from(m).where(condition)
        .orderBy(newestFirst ? m.ROOM_OFFSET.desc() : m.ROOM_OFFSET.asc())
        .limit(Sql.p(org.jooq.impl.DSL.field("limit", Integer.class)));
    return Sql.render(query);
  }

  @Override
  public CompletionStage<StoredMessage> append(StoredMessage message) {
    if (message.room() == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("a stream message needs a room"));
    }
    return db.write(conn -> appendOn(conn, message));
  }

  private StoredMessage appendOn(Conn conn, StoredMessage message) throws SQLException {
    String room = message.room().value();
    long[] last = stream(conn, room);
    long offset = last[0] + 1;
    PreparedStatement insert = conn.prepare(INSERT);
    int i = Rows.bindMessage(insert, 1, message);
    insert.setLong(i, offset);
    if (insert.executeUpdate() == 0) {
      return existing(conn, message.id());
    }
    last[0] = offset;
    dirty.put(room, last);
    return message.withOffset(offset);
  }

  /** Writes each stream's new last offset once per transaction rather than once per append. */
  private Void flushOffsets(Conn conn) throws SQLException {
    if (dirty.isEmpty()) {
      return null;
    }
    PreparedStatement advance = conn.prepare(ADVANCE_STREAM);
    for (Map.Entry<String, long[]> e : dirty.entrySet()) {
      advance.setLong(1, e.getValue()[0]);
      advance.setString(2, e.getKey());
      advance.executeUpdate();
    }
    dirty.clear();
    return null;
  }

  /** The cached {last offset} of a room's stream, creating the stream if it has none. */
  private long[] stream(Conn conn, String room) throws SQLException {
    long[] last = lastOffsets.get(room);
    if (last != null) {
      return last;
    }
    PreparedStatement find = conn.prepare(FIND_STREAM);
    find.setString(1, room);
    try (ResultSet rs = find.executeQuery()) {
      if (rs.next()) {
        epochs.put(room, rs.getString(1));
        last = new long[] {rs.getLong(2)};
      }
    }
    if (last == null) {
      String epoch = MessageId.random().value();
      PreparedStatement create = conn.prepare(CREATE_STREAM);
      create.setString(1, room);
      create.setString(2, epoch);
      create.setLong(3, 0);
      create.executeUpdate();
      epochs.put(room, epoch);
      last = new long[] {0};
    }
    lastOffsets.put(room, last);
    return last;
  }

  private StoredMessage existing(Conn conn, MessageId id) throws SQLException {
    PreparedStatement find = conn.prepare(FIND_BY_ID);
    find.setString(1, id.value());
    try (ResultSet rs = find.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("message " + id + " conflicted but cannot be read back");
      }
      return Rows.readMessage(rs, 1, true);
    }
  }

  @Override
  public CompletionStage<List<StoredMessage>> history(RoomId room, HistoryQuery query) {
    long now = Rows.nanos(db.clock().instant());
    return db.read(conn -> {
      boolean byParent = query.parent() != null;
      PreparedStatement ps = conn.prepare(byParent
          ? (query.newestFirst() ? REPLIES_NEWEST : REPLIES_OLDEST)
          : (query.newestFirst() ? HISTORY_NEWEST : HISTORY_OLDEST));
      ps.setString(1, room.value());
      ps.setLong(2, query.afterOffset());
      ps.setLong(3, query.beforeOffset() == 0 ? Long.MAX_VALUE : query.beforeOffset());
      ps.setLong(4, query.since() == null ? Long.MIN_VALUE : Rows.nanos(query.since()));
      ps.setLong(5, query.until() == null ? Long.MAX_VALUE : Rows.nanos(query.until()));
      ps.setLong(6, now);
      int next = 7;
      if (byParent) {
        ps.setString(next++, query.parent().value());
      }
      ps.setInt(next, query.limit());
      List<StoredMessage> page = new ArrayList<>(Math.min(query.limit(), 128));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(Rows.readMessage(rs, 1, true));
        }
      }
      return page;
    });
  }

  @Override
  public CompletionStage<StreamPosition> position(RoomId room) {
    return db.read(conn -> findPosition(conn, room.value())).thenCompose(found -> {
      if (found != null) {
        return CompletableFuture.completedFuture(found);
      }
      // No stream yet: create one (on the writer, which owns stream creation) to fix its epoch.
        return db.write(conn -> {
        long[] last = stream(conn, room.value());
        return new StreamPosition(epochs.get(room.value()), last[0]);
      });
    });
  }

  private static StreamPosition findPosition(Conn conn, String room) throws SQLException {
    PreparedStatement find = conn.prepare(FIND_STREAM);
    find.setString(1, room);
    try (ResultSet rs = find.executeQuery()) {
      return rs.next() ? new StreamPosition(rs.getString(1), rs.getLong(2)) : null;
    }
  }

  @Override
  public CompletionStage<Void> drop(RoomId room) {
    return db.write(conn -> {
      PreparedStatement messages = conn.prepare(DROP_MESSAGES);
      messages.setString(1, room.value());
      messages.executeUpdate();
      PreparedStatement stream = conn.prepare(DROP_STREAM);
      stream.setString(1, room.value());
      stream.executeUpdate();
      lastOffsets.remove(room.value());
      dirty.remove(room.value());
      epochs.remove(room.value());
      return null;
    });
  }
}
