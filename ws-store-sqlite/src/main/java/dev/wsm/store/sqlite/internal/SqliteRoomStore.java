package dev.wsm.store.sqlite.internal;

import static dev.wsm.store.sqlite.internal.Sql.p;
import static dev.wsm.store.sqlite.internal.schema.tables.RoomMembers.ROOM_MEMBERS;
import static dev.wsm.store.sqlite.internal.schema.tables.Rooms.ROOMS;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.LeaveOutcome;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * Rooms and memberships in SQLite. Every change runs on the single writer, so the member limit is
 * checked and the member inserted in one transaction: atomic without locks. Memberships belong to
 * live connections and are cleared when the database opens.
 */
@Singleton
public final class SqliteRoomStore implements RoomStore {
  private static final SelectField<?>[] COLUMNS = {ROOMS.NAME, ROOMS.TOPIC, ROOMS.PASSWORD_HASH,
      ROOMS.MEMBER_LIMIT, ROOMS.CREATED_BY, ROOMS.CREATED_AT, ROOMS.EXPIRES_AT, ROOMS.EPHEMERAL};

  private static final String INSERT = Sql.render(Sql.dsl()
      .insertInto(ROOMS, ROOMS.NAME, ROOMS.TOPIC, ROOMS.PASSWORD_HASH, ROOMS.IS_PRIVATE,
          ROOMS.MEMBER_LIMIT, ROOMS.CREATED_BY, ROOMS.CREATED_AT, ROOMS.EXPIRES_AT, ROOMS.EPHEMERAL)
      .values(p(ROOMS.NAME), p(ROOMS.TOPIC), p(ROOMS.PASSWORD_HASH), p(ROOMS.IS_PRIVATE),
          p(ROOMS.MEMBER_LIMIT), p(ROOMS.CREATED_BY), p(ROOMS.CREATED_AT), p(ROOMS.EXPIRES_AT),
          p(ROOMS.EPHEMERAL))
      .onConflictDoNothing());
  private static final String FIND = Sql.render(Sql.dsl()
      .select(COLUMNS).from(ROOMS).where(ROOMS.NAME.eq(p(ROOMS.NAME))));
  private static final String LIST = Sql.render(Sql.dsl()
      .select(COLUMNS).from(ROOMS).orderBy(ROOMS.NAME));
  private static final String DELETE = Sql.render(Sql.dsl()
      .deleteFrom(ROOMS).where(ROOMS.NAME.eq(p(ROOMS.NAME))));
  private static final String DELETE_MEMBERS = Sql.render(Sql.dsl()
      .deleteFrom(ROOM_MEMBERS).where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME))));
  private static final String LIMIT_AND_EPHEMERAL = Sql.render(Sql.dsl()
      .select(ROOMS.MEMBER_LIMIT, ROOMS.EPHEMERAL).from(ROOMS).where(ROOMS.NAME.eq(p(ROOMS.NAME))));
  private static final String MEMBERSHIP = Sql.render(Sql.dsl()
      .select(ROOM_MEMBERS.USER_ID).from(ROOM_MEMBERS)
      .where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME)))
      .and(ROOM_MEMBERS.CONNECTION_ID.eq(p(ROOM_MEMBERS.CONNECTION_ID))));
  private static final String USER_IS_MEMBER = Sql.render(Sql.dsl()
      .selectOne().from(ROOM_MEMBERS)
      .where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME)))
      .and(ROOM_MEMBERS.USER_ID.eq(p(ROOM_MEMBERS.USER_ID))).limit(DSL.inline(1)));
  private static final String DISTINCT_USERS = Sql.render(Sql.dsl()
      .select(DSL.countDistinct(ROOM_MEMBERS.USER_ID)).from(ROOM_MEMBERS)
      .where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME))));
  private static final String ANY_MEMBER = Sql.render(Sql.dsl()
      .selectOne().from(ROOM_MEMBERS)
      .where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME))).limit(DSL.inline(1)));
  private static final String ADD_MEMBER = Sql.render(Sql.dsl()
      .insertInto(ROOM_MEMBERS, ROOM_MEMBERS.ROOM_NAME, ROOM_MEMBERS.USER_ID,
          ROOM_MEMBERS.CONNECTION_ID, ROOM_MEMBERS.JOINED_AT)
      .values(p(ROOM_MEMBERS.ROOM_NAME), p(ROOM_MEMBERS.USER_ID), p(ROOM_MEMBERS.CONNECTION_ID),
          p(ROOM_MEMBERS.JOINED_AT)));
  private static final String REMOVE_MEMBER = Sql.render(Sql.dsl()
      .deleteFrom(ROOM_MEMBERS)
      .where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME)))
      .and(ROOM_MEMBERS.CONNECTION_ID.eq(p(ROOM_MEMBERS.CONNECTION_ID)))
      .and(ROOM_MEMBERS.USER_ID.eq(p(ROOM_MEMBERS.USER_ID))));
  private static final String MEMBERS = Sql.render(Sql.dsl()
      .selectDistinct(ROOM_MEMBERS.USER_ID).from(ROOM_MEMBERS)
      .where(ROOM_MEMBERS.ROOM_NAME.eq(p(ROOM_MEMBERS.ROOM_NAME))));
  private static final String EXPIRED = Sql.render(Sql.dsl()
      .select(COLUMNS).from(ROOMS)
      .where(ROOMS.EXPIRES_AT.isNotNull()).and(ROOMS.EXPIRES_AT.le(p(ROOMS.EXPIRES_AT)))
      .orderBy(ROOMS.EXPIRES_AT).limit(Sql.p(DSL.field("limit", Integer.class))));

  private final SqliteDatabase db;

  @Inject
  public SqliteRoomStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public CompletionStage<Boolean> create(RoomRecord room) {
    return db.write(conn -> {
      PreparedStatement ps = conn.prepare(INSERT);
      ps.setString(1, room.id().value());
      ps.setString(2, room.topic());
      Rows.setText(ps, 3, room.passwordHash());
      ps.setInt(4, room.passwordHash() != null ? 1 : 0);
      ps.setInt(5, room.memberLimit());
      Rows.setText(ps, 6, Rows.text(room.createdBy()));
      ps.setLong(7, Rows.nanos(room.createdAt()));
      Rows.setNanos(ps, 8, room.expiresAt());
      ps.setInt(9, room.ephemeral() ? 1 : 0);
      return ps.executeUpdate() == 1;
    });
  }

  @Override
  public CompletionStage<Optional<RoomRecord>> find(RoomId id) {
    return db.read(conn -> {
      PreparedStatement ps = conn.prepare(FIND);
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(room(rs)) : Optional.empty();
      }
    });
  }

  @Override
  public CompletionStage<List<RoomRecord>> list() {
    return db.read(conn -> {
      List<RoomRecord> rooms = new ArrayList<>();
      try (ResultSet rs = conn.prepare(LIST).executeQuery()) {
        while (rs.next()) {
          rooms.add(room(rs));
        }
      }
      return rooms;
    });
  }

  @Override
  public CompletionStage<Boolean> delete(RoomId id) {
    return db.write(conn -> deleteOn(conn, id.value()));
  }

  private static boolean deleteOn(Conn conn, String room) throws SQLException {
    PreparedStatement members = conn.prepare(DELETE_MEMBERS);
    members.setString(1, room);
    members.executeUpdate();
    PreparedStatement ps = conn.prepare(DELETE);
    ps.setString(1, room);
    return ps.executeUpdate() == 1;
  }

  @Override
  public CompletionStage<JoinOutcome> addMember(RoomId room, UserId user, ConnectionId connection) {
    long now = Rows.nanos(db.clock().instant());
    return db.write(conn -> {
      String r = room.value();
      long limit;
      PreparedStatement find = conn.prepare(LIMIT_AND_EPHEMERAL);
      find.setString(1, r);
      try (ResultSet rs = find.executeQuery()) {
        if (!rs.next()) {
          return JoinOutcome.NO_SUCH_ROOM;
        }
        limit = rs.getLong(1);
      }
      if (memberUser(conn, r, connection.value()) != null) {
        return JoinOutcome.ALREADY_MEMBER;
      }
      boolean userPresent = userIsMember(conn, r, user.value());
      if (!userPresent && limit > 0 && distinctUsers(conn, r) >= limit) {
        return JoinOutcome.FULL;
      }
      PreparedStatement add = conn.prepare(ADD_MEMBER);
      add.setString(1, r);
      add.setString(2, user.value());
      add.setString(3, connection.value());
      add.setLong(4, now);
      add.executeUpdate();
      return userPresent ? JoinOutcome.JOINED_ANOTHER_DEVICE : JoinOutcome.JOINED_FIRST_DEVICE;
    });
  }

  @Override
  public CompletionStage<LeaveOutcome> removeMember(RoomId room, UserId user,
      ConnectionId connection) {
    return db.write(conn -> {
      String r = room.value();
      PreparedStatement remove = conn.prepare(REMOVE_MEMBER);
      remove.setString(1, r);
      remove.setString(2, connection.value());
      remove.setString(3, user.value());
      if (remove.executeUpdate() == 0) {
        return LeaveOutcome.NOT_MEMBER;
      }
      boolean userLeft = !userIsMember(conn, r, user.value());
      boolean deleted = false;
      PreparedStatement find = conn.prepare(LIMIT_AND_EPHEMERAL);
      find.setString(1, r);
      boolean ephemeral;
      try (ResultSet rs = find.executeQuery()) {
        ephemeral = rs.next() && rs.getLong(2) != 0;
      }
      if (ephemeral && !anyMember(conn, r)) {
        deleted = deleteOn(conn, r);
      }
      return new LeaveOutcome(true, userLeft, deleted);
    });
  }

  @Override
  public CompletionStage<Set<UserId>> members(RoomId room) {
    return db.read(conn -> {
      PreparedStatement ps = conn.prepare(MEMBERS);
      ps.setString(1, room.value());
      Set<UserId> users = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          users.add(UserId.of(rs.getString(1)));
        }
      }
      return Set.copyOf(users);
    });
  }

  @Override
  public CompletionStage<List<RoomRecord>> expired(Instant now, int limit) {
    return db.read(conn -> {
      PreparedStatement ps = conn.prepare(EXPIRED);
      ps.setLong(1, Rows.nanos(now));
      ps.setInt(2, limit);
      List<RoomRecord> rooms = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rooms.add(room(rs));
        }
      }
      return rooms;
    });
  }

  private static String memberUser(Conn conn, String room, String connection) throws SQLException {
    PreparedStatement ps = conn.prepare(MEMBERSHIP);
    ps.setString(1, room);
    ps.setString(2, connection);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static boolean userIsMember(Conn conn, String room, String user) throws SQLException {
    PreparedStatement ps = conn.prepare(USER_IS_MEMBER);
    ps.setString(1, room);
    ps.setString(2, user);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static boolean anyMember(Conn conn, String room) throws SQLException {
    PreparedStatement ps = conn.prepare(ANY_MEMBER);
    ps.setString(1, room);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static long distinctUsers(Conn conn, String room) throws SQLException {
    PreparedStatement ps = conn.prepare(DISTINCT_USERS);
    ps.setString(1, room);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static RoomRecord room(ResultSet rs) throws SQLException {
    return new RoomRecord(RoomId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
        rs.getInt(4), Rows.user(rs.getString(5)), Rows.instant(rs.getLong(6)),
        Rows.instantOrNull(rs, 7), rs.getInt(8) != 0);
  }
}
