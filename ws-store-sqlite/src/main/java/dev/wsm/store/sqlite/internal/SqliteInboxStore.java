package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.Inbox.INBOX;
import static dev.wsm.store.sqlite.internal.schema.tables.InboxDevices.INBOX_DEVICES;
import static dev.wsm.store.sqlite.internal.schema.tables.InboxSequences.INBOX_SEQUENCES;

import dev.wsm.core.DeviceId;
import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * Offline inboxes in SQLite, bounded per user by {@code inboxPerUser} (the oldest is dropped) and
 * by {@code inboxMaxAge}. An enqueue completes after its batch commits. Each user's sequence
 * counter ({@code inbox_sequences}) is kept for good, one row per user that ever had a message,
 * so that a number is never given twice; device positions ({@code inbox_devices}) are purged once
 * not seen for {@code inboxMaxAge}. Which users may have rows is known in memory ({@link
 * InboxOwners}), so a connect of a user with an empty inbox reads nothing.
 */
@Singleton
public final class SqliteInboxStore implements InboxStore {
  private static final SelectField<?>[] COLUMNS = {INBOX.ID, INBOX.ROOM_NAME, INBOX.SENDER,
      INBOX.EVENT, INBOX.DATA, INBOX.IS_BINARY, INBOX.PARENT_ID, INBOX.SENT_AT, INBOX.EXPIRES_AT,
      INBOX.USER_ID, INBOX.USER_SEQ};
  private static final String NEXT_SEQ = Sql.render(Sql.dsl()
      .insertInto(INBOX_SEQUENCES, INBOX_SEQUENCES.USER_ID, INBOX_SEQUENCES.LAST_SEQ)
      .values(p(INBOX_SEQUENCES.USER_ID), DSL.inline(1L))
      .onConflict(INBOX_SEQUENCES.USER_ID).doUpdate()
      .set(INBOX_SEQUENCES.LAST_SEQ, INBOX_SEQUENCES.LAST_SEQ.plus(DSL.inline(1L))));
  private static final String LAST_SEQ = Sql.render(Sql.dsl()
      .select(INBOX_SEQUENCES.LAST_SEQ).from(INBOX_SEQUENCES)
      .where(INBOX_SEQUENCES.USER_ID.eq(p(INBOX_SEQUENCES.USER_ID))));
  private static final String INSERT = Sql.render(Sql.dsl()
      .insertInto(INBOX, INBOX.ID, INBOX.ROOM_NAME, INBOX.SENDER, INBOX.EVENT, INBOX.DATA,
          INBOX.IS_BINARY, INBOX.PARENT_ID, INBOX.SENT_AT, INBOX.EXPIRES_AT, INBOX.USER_ID,
          INBOX.ENQUEUED_AT, INBOX.USER_SEQ)
      .values(p(INBOX.ID), p(INBOX.ROOM_NAME), p(INBOX.SENDER), p(INBOX.EVENT), p(INBOX.DATA),
          p(INBOX.IS_BINARY), p(INBOX.PARENT_ID), p(INBOX.SENT_AT), p(INBOX.EXPIRES_AT),
          p(INBOX.USER_ID), p(INBOX.ENQUEUED_AT), p(INBOX.USER_SEQ))
      .onConflictDoNothing());
  private static final String EXISTS = Sql.render(Sql.dsl()
      .selectCount().from(INBOX).where(INBOX.USER_ID.eq(p(INBOX.USER_ID)))
      .and(INBOX.ID.eq(p(INBOX.ID))));
  private static final String COUNT = Sql.render(Sql.dsl()
      .selectCount().from(INBOX).where(INBOX.USER_ID.eq(p(INBOX.USER_ID))));
  private static final String DROP_OLDEST = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.SEQ.in(Sql.dsl().select(INBOX.SEQ).from(INBOX)
          .where(INBOX.USER_ID.eq(p(INBOX.USER_ID))).orderBy(INBOX.USER_SEQ)
          .limit(Sql.p(DSL.field("limit", Integer.class))))));
  /** Parameters: user, after (sequence), now (expiry), oldest sent-at kept, limit. */
  private static final String PENDING = Sql.render(Sql.dsl()
      .select(COLUMNS).from(INBOX)
      .where(INBOX.USER_ID.eq(p(INBOX.USER_ID)))
      .and(INBOX.USER_SEQ.gt(p(INBOX.USER_SEQ)))
      .and(INBOX.EXPIRES_AT.isNull().or(INBOX.EXPIRES_AT.gt(p(INBOX.EXPIRES_AT))))
      .and(INBOX.SENT_AT.ge(p(INBOX.SENT_AT)))
      .orderBy(INBOX.USER_SEQ).limit(Sql.p(DSL.field("limit", Integer.class))));
  /** Parameters: user, after, up to, now (expiry), oldest sent-at kept. */
  private static final String COUNT_RANGE = Sql.render(Sql.dsl()
      .selectCount().from(INBOX)
      .where(INBOX.USER_ID.eq(p(INBOX.USER_ID)))
      .and(INBOX.USER_SEQ.gt(p(INBOX.USER_SEQ)))
      .and(INBOX.USER_SEQ.le(p(INBOX.USER_SEQ)))
      .and(INBOX.EXPIRES_AT.isNull().or(INBOX.EXPIRES_AT.gt(p(INBOX.EXPIRES_AT))))
      .and(INBOX.SENT_AT.ge(p(INBOX.SENT_AT))));
  private static final String REMOVE = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.USER_ID.eq(p(INBOX.USER_ID))).and(INBOX.ID.eq(p(INBOX.ID))));
  private static final String REMOVE_UP_TO = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.USER_ID.eq(p(INBOX.USER_ID)))
      .and(INBOX.USER_SEQ.le(p(INBOX.USER_SEQ))));
  private static final String DEVICE_GET = Sql.render(Sql.dsl()
      .select(INBOX_DEVICES.ACKED_SEQ, INBOX_DEVICES.SEEN_AT).from(INBOX_DEVICES)
      .where(INBOX_DEVICES.USER_ID.eq(p(INBOX_DEVICES.USER_ID)))
      .and(INBOX_DEVICES.DEVICE.eq(p(INBOX_DEVICES.DEVICE))));
  /** Parameters: acked, seen, user, device. */
  private static final String DEVICE_UPDATE = Sql.render(Sql.dsl()
      .update(INBOX_DEVICES)
      .set(INBOX_DEVICES.ACKED_SEQ, p(INBOX_DEVICES.ACKED_SEQ))
      .set(INBOX_DEVICES.SEEN_AT, p(INBOX_DEVICES.SEEN_AT))
      .where(INBOX_DEVICES.USER_ID.eq(p(INBOX_DEVICES.USER_ID)))
      .and(INBOX_DEVICES.DEVICE.eq(p(INBOX_DEVICES.DEVICE))));
  /** Parameters: user, device, acked, seen. */
  private static final String DEVICE_INSERT = Sql.render(Sql.dsl()
      .insertInto(INBOX_DEVICES, INBOX_DEVICES.USER_ID, INBOX_DEVICES.DEVICE,
          INBOX_DEVICES.ACKED_SEQ, INBOX_DEVICES.SEEN_AT)
      .values(p(INBOX_DEVICES.USER_ID), p(INBOX_DEVICES.DEVICE), p(INBOX_DEVICES.ACKED_SEQ),
          p(INBOX_DEVICES.SEEN_AT)));
  /** Parameters: user, oldest seen-at that counts. */
  private static final String LOWEST_POSITION = Sql.render(Sql.dsl()
      .select(DSL.min(INBOX_DEVICES.ACKED_SEQ)).from(INBOX_DEVICES)
      .where(INBOX_DEVICES.USER_ID.eq(p(INBOX_DEVICES.USER_ID)))
      .and(INBOX_DEVICES.SEEN_AT.ge(p(INBOX_DEVICES.SEEN_AT))));
  private static final String FORGET_DEVICES = Sql.render(Sql.dsl()
      .deleteFrom(INBOX_DEVICES).where(INBOX_DEVICES.SEEN_AT.lt(p(INBOX_DEVICES.SEEN_AT))));
  /** Parameters: now (expiry), oldest sent-at kept, limit. */
  private static final String PURGE = Sql.render(Sql.dsl()
      .deleteFrom(INBOX).where(INBOX.SEQ.in(Sql.dsl().select(INBOX.SEQ).from(INBOX)
          .where(INBOX.EXPIRES_AT.le(p(INBOX.EXPIRES_AT)))
          .or(INBOX.SENT_AT.lt(p(INBOX.SENT_AT)))
          .limit(Sql.p(DSL.field("limit", Integer.class))))));

  private final SqliteDatabase db;
  private final InboxOwners owners;

  @Inject
  public SqliteInboxStore(SqliteDatabase db) {
    this.db = db;
    this.owners = new InboxOwners(db);
  }

  @Override
  public CompletionStage<Long> enqueue(UserId user, StoredMessage message) {
    long now = Rows.nanos(db.clock().instant());
    int capacity = db.options().inboxPerUser();
    owners.enqueueStarted(user.value());
    CompletionStage<Long> written = db.write(conn -> {
      PreparedStatement exists = conn.prepare(EXISTS);
      exists.setString(1, user.value());
      exists.setString(2, message.id().value());
      if (single(exists) > 0) {
        return 0L;
      }
      PreparedStatement next = conn.prepare(NEXT_SEQ);
      next.setString(1, user.value());
      next.executeUpdate();
      PreparedStatement last = conn.prepare(LAST_SEQ);
      last.setString(1, user.value());
      long seq = single(last);
      PreparedStatement insert = conn.prepare(INSERT);
      int i = Rows.bindMessage(insert, 1, message);
      insert.setString(i++, user.value());
      insert.setLong(i++, now);
      insert.setLong(i, seq);
      if (insert.executeUpdate() == 0) {
        return 0L;
      }
      PreparedStatement count = conn.prepare(COUNT);
      count.setString(1, user.value());
      long held = single(count);
      if (held > capacity) {
        PreparedStatement drop = conn.prepare(DROP_OLDEST);
        drop.setString(1, user.value());
        drop.setLong(2, held - capacity);
        drop.executeUpdate();
      }
      return seq;
    });
    written.whenComplete((seq, e) -> owners.enqueueDone(user.value()));
    return written;
  }

  @Override
  public CompletionStage<List<StoredMessage>> pending(UserId user, long after, int limit) {
    return owners.marksOf(user.value()).thenCompose(marks -> {
      if (marks == null) {
        return CompletableFuture.completedFuture(List.of()); // no row, and no enqueue in flight
      }
      Instant now = db.clock().instant();
      long oldest = Rows.nanos(now.minus(db.options().inboxMaxAge()));
      return db.read(conn -> {
        PreparedStatement ps = conn.prepare(PENDING);
        ps.setString(1, user.value());
        ps.setLong(2, after);
        ps.setLong(3, Rows.nanos(now));
        ps.setLong(4, oldest);
        ps.setInt(5, limit);
        List<StoredMessage> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(Rows.readMessage(rs, 1, false).withOffset(rs.getLong(COLUMNS.length)));
          }
        }
        return out;
      }).thenApply(out -> {
        if (out.isEmpty() && after == 0) {
          owners.foundNone(user.value(), marks);
        }
        return out;
      });
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
  public CompletionStage<Integer> removeUpTo(UserId user, long upTo) {
    return db.write(conn -> removeUpTo(conn, user, upTo));
  }

  private static int removeUpTo(Conn conn, UserId user, long upTo) throws SQLException {
    PreparedStatement ps = conn.prepare(REMOVE_UP_TO);
    ps.setString(1, user.value());
    ps.setLong(2, upTo);
    return ps.executeUpdate();
  }

  @Override
  public CompletionStage<Long> device(UserId user, DeviceId device, Instant now) {
    long oldestSeen = Rows.nanos(now.minus(db.options().inboxMaxAge()));
    return db.write(conn -> {
      long position = position(conn, user, device, oldestSeen);
      putDevice(conn, user, device, position, Rows.nanos(now));
      return position;
    });
  }

  @Override
  public CompletionStage<Integer> ackDevice(UserId user, DeviceId device, long upTo, Instant now) {
    long oldestSeen = Rows.nanos(now.minus(db.options().inboxMaxAge()));
    long oldestSent = Rows.nanos(db.clock().instant().minus(db.options().inboxMaxAge()));
    long expiry = Rows.nanos(db.clock().instant());
    return db.write(conn -> {
      long before = position(conn, user, device, oldestSeen);
      long after = Math.max(before, upTo);
      putDevice(conn, user, device, after, Rows.nanos(now));
      PreparedStatement count = conn.prepare(COUNT_RANGE);
      count.setString(1, user.value());
      count.setLong(2, before);
      count.setLong(3, after);
      count.setLong(4, expiry);
      count.setLong(5, oldestSent);
      int covered = (int) single(count);
      PreparedStatement lowest = conn.prepare(LOWEST_POSITION);
      lowest.setString(1, user.value());
      lowest.setLong(2, oldestSeen);
      long all = single(lowest);
      if (all > 0) {
        removeUpTo(conn, user, all);
      }
      return covered;
    });
  }

  /** The device's position, 0 when unknown or not seen since {@code oldestSeen}. */
  private static long position(Conn conn, UserId user, DeviceId device, long oldestSeen)
      throws SQLException {
    PreparedStatement get = conn.prepare(DEVICE_GET);
    get.setString(1, user.value());
    get.setString(2, device.value());
    try (ResultSet rs = get.executeQuery()) {
      return rs.next() && rs.getLong(2) >= oldestSeen ? rs.getLong(1) : 0;
    }
  }

  private static void putDevice(Conn conn, UserId user, DeviceId device, long acked, long seen)
      throws SQLException {
    PreparedStatement update = conn.prepare(DEVICE_UPDATE);
    update.setLong(1, acked);
    update.setLong(2, seen);
    update.setString(3, user.value());
    update.setString(4, device.value());
    if (update.executeUpdate() == 0) {
      PreparedStatement insert = conn.prepare(DEVICE_INSERT);
      insert.setString(1, user.value());
      insert.setString(2, device.value());
      insert.setLong(3, acked);
      insert.setLong(4, seen);
      insert.executeUpdate();
    }
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public CompletionStage<Integer> purge(Instant now) {
    long oldest = Rows.nanos(now.minus(db.options().inboxMaxAge()));
    int batch = db.options().purgeBatch();
    return db.write(conn -> {
      PreparedStatement forget = conn.prepare(FORGET_DEVICES);
      forget.setLong(1, oldest);
      forget.executeUpdate();
      PreparedStatement ps = conn.prepare(PURGE);
      ps.setLong(1, Rows.nanos(now));
      ps.setLong(2, oldest);
      ps.setInt(3, batch);
      return ps.executeUpdate();
    }).thenCompose(purged -> owners.prune()
        // A failed prune only keeps users known a while longer; the purge itself went through.
        .handle((v, e) -> purged));
  }

  /** Users the store believes may have rows (for tests). */
  int usersThatMayHaveRows() {
    return owners.size();
  }
}
