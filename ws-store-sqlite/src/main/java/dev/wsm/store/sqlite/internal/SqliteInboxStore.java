package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.Inbox.INBOX;

import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * Offline inboxes in SQLite, bounded per user by {@code inboxPerUser} (the oldest is dropped) and
 * by {@code inboxMaxAge}. An enqueue completes after its batch commits.
 */
@Singleton
public final class SqliteInboxStore implements InboxStore {
  private static final SelectField<?>[] COLUMNS = {INBOX.ID, INBOX.ROOM_NAME, INBOX.SENDER,
      INBOX.EVENT, INBOX.DATA, INBOX.IS_BINARY, INBOX.PARENT_ID, INBOX.SENT_AT, INBOX.EXPIRES_AT,
      INBOX.USER_ID};
  private static final String INSERT = Sql.render(Sql.dsl()
      .insertInto(INBOX, INBOX.ID, INBOX.ROOM_NAME, INBOX.SENDER, INBOX.EVENT, INBOX.DATA,
          INBOX.IS_BINARY, INBOX.PARENT_ID, INBOX.SENT_AT, INBOX.EXPIRES_AT, INBOX.USER_ID,
          INBOX.ENQUEUED_AT)
      .values(p(INBOX.ID), p(INBOX.ROOM_NAME), p(INBOX.SENDER), p(INBOX.EVENT), p(INBOX.DATA),
          p(INBOX.IS_BINARY), p(INBOX.PARENT_ID), p(INBOX.SENT_AT), p(INBOX.EXPIRES_AT),
          p(INBOX.USER_ID), p(INBOX.ENQUEUED_AT))
      .onConflictDoNothing());
  private static final String COUNT = Sql.render(Sql.dsl()
      .selectCount().from(INBOX).where(INBOX.USER_ID.eq(p(INBOX.USER_ID))));
  private static final String DROP_OLDEST = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.SEQ.in(Sql.dsl().select(INBOX.SEQ).from(INBOX)
          .where(INBOX.USER_ID.eq(p(INBOX.USER_ID))).orderBy(INBOX.SEQ)
          .limit(Sql.p(DSL.field("limit", Integer.class))))));
  /** Parameters: user, now (expiry), oldest sent-at kept, limit. */
  private static final String PENDING = Sql.render(Sql.dsl()
      .select(COLUMNS).from(INBOX)
      .where(INBOX.USER_ID.eq(p(INBOX.USER_ID)))
      .and(INBOX.EXPIRES_AT.isNull().or(INBOX.EXPIRES_AT.gt(p(INBOX.EXPIRES_AT))))
      .and(INBOX.SENT_AT.ge(p(INBOX.SENT_AT)))
      .orderBy(INBOX.SEQ).limit(Sql.p(DSL.field("limit", Integer.class))));
  private static final String REMOVE = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.USER_ID.eq(p(INBOX.USER_ID))).and(INBOX.ID.eq(p(INBOX.ID))));
  /** Parameters: now (expiry), oldest sent-at kept, limit. */
  private static final String PURGE = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.SEQ.in(Sql.dsl().select(INBOX.SEQ).from(INBOX)
          .where(INBOX.EXPIRES_AT.le(p(INBOX.EXPIRES_AT)))
          .or(INBOX.SENT_AT.lt(p(INBOX.SENT_AT)))
          .limit(Sql.p(DSL.field("limit", Integer.class))))));

  private final SqliteDatabase db;

  @Inject
  public SqliteInboxStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public CompletionStage<Boolean> enqueue(UserId user, StoredMessage message) {
    long now = Rows.nanos(db.clock().instant());
    int capacity = db.options().inboxPerUser();
    return db.write(conn -> {
      PreparedStatement insert = conn.prepare(INSERT);
      int i = Rows.bindMessage(insert, 1, message);
      insert.setString(i++, user.value());
      insert.setLong(i, now);
      if (insert.executeUpdate() == 0) {
        return false;
      }
      PreparedStatement count = conn.prepare(COUNT);
      count.setString(1, user.value());
      long held;
      try (ResultSet rs = count.executeQuery()) {
        held = rs.next() ? rs.getLong(1) : 0;
      }
      if (held > capacity) {
        PreparedStatement drop = conn.prepare(DROP_OLDEST);
        drop.setString(1, user.value());
        drop.setLong(2, held - capacity);
        drop.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public CompletionStage<List<StoredMessage>> pending(UserId user, int limit) {
    Instant now = db.clock().instant();
    long oldest = Rows.nanos(now.minus(db.options().inboxMaxAge()));
    return db.read(conn -> {
      PreparedStatement ps = conn.prepare(PENDING);
      ps.setString(1, user.value());
      ps.setLong(2, Rows.nanos(now));
      ps.setLong(3, oldest);
      ps.setInt(4, limit);
      List<StoredMessage> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Rows.readMessage(rs, 1, false));
        }
      }
      return out;
    });
  }

  @Override
  public CompletionStage<Integer> remove(UserId user, Collection<MessageId> ids) {
    List<MessageId> copy = List.copyOf(ids);
    return db.write(conn -> {
      int removed = 0;
      PreparedStatement ps = conn.prepare(REMOVE);
      for (MessageId id : copy) {
        ps.setString(1, user.value());
        ps.setString(2, id.value());
        removed += ps.executeUpdate();
      }
      return removed;
    });
  }

  @Override
  public CompletionStage<Integer> purge(Instant now) {
    long oldest = Rows.nanos(now.minus(db.options().inboxMaxAge()));
    int batch = db.options().purgeBatch();
    return db.write(conn -> {
      PreparedStatement ps = conn.prepare(PURGE);
      ps.setLong(1, Rows.nanos(now));
      ps.setLong(2, oldest);
      ps.setInt(3, batch);
      return ps.executeUpdate();
    });
  }
}
