package dev.wsm.store.sqlite.internal;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.StoredMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Column conversions: instants as nanoseconds since the epoch, ids as text, booleans as 0/1. */
final class Rows {
  private static final long NANOS = 1_000_000_000L;

  private Rows() {}

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS), t.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
  }

  static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : instant(v);
  }

  static void setNanos(PreparedStatement ps, int index, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, nanos(t));
    }
  }

  static void setText(PreparedStatement ps, int index, String s) throws SQLException {
    if (s == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, s);
    }
  }

  static String text(MessageId id) {
    return id == null ? null : id.value();
  }

  static String text(UserId id) {
    return id == null ? null : id.value();
  }

  static String text(RoomId id) {
    return id == null ? null : id.value();
  }

  static UserId user(String s) {
    return s == null ? null : UserId.of(s);
  }

  static RoomId room(String s) {
    return s == null ? null : RoomId.of(s);
  }

  static MessageId message(String s) {
    return s == null ? null : MessageId.of(s);
  }

  /**
   * Binds a message's columns, in this order, from {@code first}: id, room, sender, event, data,
   * binary, parent, sent at, expires at.
   */
  static int bindMessage(PreparedStatement ps, int first, StoredMessage m) throws SQLException {
    int i = first;
    ps.setString(i++, m.id().value());
    setText(ps, i++, text(m.room()));
    setText(ps, i++, text(m.from()));
    setText(ps, i++, m.event());
    ps.setBytes(i++, m.data());
    ps.setInt(i++, m.binary() ? 1 : 0);
    setText(ps, i++, text(m.parent()));
    ps.setLong(i++, nanos(m.timestamp()));
    setNanos(ps, i++, m.expiresAt());
    return i;
  }

  /**
   * Reads a message whose columns start at {@code first} in {@link #bindMessage} order, followed by
   * one more column: the offset (streams) or the recipient (inboxes, {@code offsetColumn} false).
   */
  static StoredMessage readMessage(ResultSet rs, int first, boolean offsetColumn)
      throws SQLException {
    int i = first;
    MessageId id = MessageId.of(rs.getString(i++));
    RoomId room = room(rs.getString(i++));
    UserId from = user(rs.getString(i++));
    String event = rs.getString(i++);
    byte[] data = rs.getBytes(i++);
    boolean binary = rs.getInt(i++) != 0;
    MessageId parent = message(rs.getString(i++));
    Instant sentAt = instant(rs.getLong(i++));
    Instant expiresAt = instantOrNull(rs, i++);
    long offset = 0;
    UserId to = null;
    if (offsetColumn) {
      offset = rs.getLong(i);
    } else {
      to = user(rs.getString(i));
    }
    return new StoredMessage(id, room, to, from, event, data == null ? new byte[0] : data, binary,
        parent, sentAt, expiresAt, offset);
  }
}
