package dev.wsm.store.redis.internal;

import dev.wsm.core.DeliveryClass;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.OutboundFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The wire form of what crosses the bus, encoded once per publish. Version 1, big-endian:
 *
 * <pre>
 * version u8 (2) | seq i64 | sender utf | kind u8 (1 message, 2 command) | origin utf | body
 * message body: target | offset i64 | flags u8 (bit 0: binary; bits 1-2: delivery class,
 *     0 reliable, 1 ephemeral, 2 state)
 *     | key utf (state frames only) | length i32 | frame bytes
 *   target: kind u8 then 1 connection: id utf | 2 user: id utf | 3 room: id utf, excepts
 *           | 4 all: excepts | 5 label: label utf
 *   excepts: count i32, connection id utf... | count i32, user id utf...
 * command body: kind u8, then 1 close user: user utf | code i32 | reason utf
 *                          or 2 close room: room utf | reason utf
 * </pre>
 *
 * {@code utf} is Java's modified UTF-8 with a u16 length. {@code sender} names the bus instance and
 * {@code seq} numbers its publishes from 1 (also those it had to drop), so a receiver sees every
 * loss as a jump. {@link Target.Matching} holds code and cannot be encoded. Decoding refuses
 * anything malformed (an unknown version or kind, a truncated or over-long message, an invalid id)
 * with {@link Malformed}.
 */
final class BusWire {
  static final byte VERSION = 2;
  /** Where the sequence number sits, so it can be set after encoding. */
  static final int SEQ_OFFSET = 1;
  private static final byte MESSAGE = 1;
  private static final byte COMMAND = 2;
  private static final byte CLOSE_USER = 1;
  private static final byte CLOSE_ROOM = 2;

  private BusWire() {}

  /** What a node received: who sent it, its number, and a message or a command. */
  record Envelope(String sender, long seq, ClusterMessage message, ClusterCommand command) {}

  /** A message from the wire that is not a valid envelope of this version. */
  static final class Malformed extends Exception {
    Malformed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Encodes a message with sequence number 0; set it with {@link #setSeq}. */
  static byte[] encode(String sender, ClusterMessage m) {
    return write(sender, MESSAGE, m.origin(), out -> {
      writeTarget(out, m.target());
      out.writeLong(m.offset());
      out.writeByte((m.frame().isBinary() ? 1 : 0) | classCode(m.delivery()) << 1);
      if (m.key() != null) {
        out.writeUTF(m.key());
      }
      out.writeInt(m.frame().size());
      out.write(m.frame().payload());
    });
  }

  /** Encodes a command with sequence number 0; set it with {@link #setSeq}. */
  static byte[] encode(String sender, ClusterCommand c) {
    return write(sender, COMMAND, c.origin(), out -> {
      if (c instanceof ClusterCommand.CloseUser close) {
        out.writeByte(CLOSE_USER);
        out.writeUTF(close.user().value());
        out.writeInt(close.code());
        out.writeUTF(close.reason());
      } else if (c instanceof ClusterCommand.CloseRoom close) {
        out.writeByte(CLOSE_ROOM);
        out.writeUTF(close.room().value());
        out.writeUTF(close.reason());
      } else {
        throw new IllegalArgumentException(c.getClass().getSimpleName() + " is not sent between nodes");
      }
    });
  }

  private static int classCode(DeliveryClass delivery) {
    return switch (delivery) {
      case RELIABLE -> 0;
      case EPHEMERAL -> 1;
      case STATE -> 2;
    };
  }

  static void setSeq(byte[] wire, long seq) {
    ByteBuffer.wrap(wire).putLong(SEQ_OFFSET, seq);
  }

  static Envelope decode(byte[] wire) throws Malformed {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown version " + version);
      }
      long seq = in.readLong();
      String sender = in.readUTF();
      int kind = in.readUnsignedByte();
      String origin = in.readUTF();
      Envelope e;
      if (kind == MESSAGE) {
        Target target = readTarget(in);
        long offset = in.readLong();
        int flags = in.readUnsignedByte();
        DeliveryClass delivery = switch (flags >>> 1) {
          case 0 -> DeliveryClass.RELIABLE;
          case 1 -> DeliveryClass.EPHEMERAL;
          case 2 -> DeliveryClass.STATE;
          default -> throw new IllegalArgumentException("unknown delivery class " + (flags >>> 1));
        };
        String key = delivery == DeliveryClass.STATE ? in.readUTF() : null;
        byte[] frame = new byte[bounded(in, in.readInt(), 1)];
        in.readFully(frame);
        OutboundFrame f = (flags & 1) != 0 ? OutboundFrame.binary(frame) : OutboundFrame.text(frame);
        e = new Envelope(sender, seq,
            new ClusterMessage(origin, target, f, offset, delivery, key), null);
      } else if (kind == COMMAND) {
        int command = in.readUnsignedByte();
        if (command == CLOSE_USER) {
          UserId user = new UserId(in.readUTF());
          int code = in.readInt();
          e = new Envelope(sender, seq, null,
              new ClusterCommand.CloseUser(origin, user, code, in.readUTF()));
        } else if (command == CLOSE_ROOM) {
          RoomId room = new RoomId(in.readUTF());
          e = new Envelope(sender, seq, null,
              new ClusterCommand.CloseRoom(origin, room, in.readUTF()));
        } else {
          throw new IllegalArgumentException("unknown command " + command);
        }
      } else {
        throw new IllegalArgumentException("unknown kind " + kind);
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " bytes after the end");
      }
      return e;
    } catch (IOException | RuntimeException e) {
      throw new Malformed("malformed bus message (" + wire.length + " bytes): " + e.getMessage(), e);
    }
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(String sender, byte kind, String origin, Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeByte(VERSION);
      out.writeLong(0);
      out.writeUTF(sender);
      out.writeByte(kind);
      out.writeUTF(origin);
      body.write(out);
      out.flush();
    } catch (IOException e) {
      // Only a string over 65,535 bytes of modified UTF-8; ids are at most 128 characters.
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeTarget(DataOutputStream out, Target target) throws IOException {
    if (target instanceof Target.ToConnection c) {
      out.writeByte(1);
      out.writeUTF(c.id().value());
    } else if (target instanceof Target.ToUser u) {
      out.writeByte(2);
      out.writeUTF(u.id().value());
    } else if (target instanceof Target.ToRoom r) {
      out.writeByte(3);
      out.writeUTF(r.id().value());
      writeExcepts(out, r.exceptConnections(), r.exceptUsers());
    } else if (target instanceof Target.ToAll a) {
      out.writeByte(4);
      writeExcepts(out, a.exceptConnections(), a.exceptUsers());
    } else if (target instanceof Target.ToLabel l) {
      out.writeByte(5);
      out.writeUTF(l.label());
    } else {
      throw new IllegalArgumentException("a Matching target cannot cross nodes");
    }
  }

  private static void writeExcepts(DataOutputStream out, Set<ConnectionId> connections,
      Set<UserId> users) throws IOException {
    out.writeInt(connections.size());
    for (ConnectionId c : connections) {
      out.writeUTF(c.value());
    }
    out.writeInt(users.size());
    for (UserId u : users) {
      out.writeUTF(u.value());
    }
  }

  private static Target readTarget(DataInputStream in) throws IOException {
    int kind = in.readUnsignedByte();
    return switch (kind) {
      case 1 -> new Target.ToConnection(new ConnectionId(in.readUTF()));
      case 2 -> new Target.ToUser(new UserId(in.readUTF()));
      case 3 -> {
        RoomId room = new RoomId(in.readUTF());
        yield new Target.ToRoom(room, readSet(in, ConnectionId::new), readSet(in, UserId::new));
      }
      case 4 -> new Target.ToAll(readSet(in, ConnectionId::new), readSet(in, UserId::new));
      case 5 -> new Target.ToLabel(in.readUTF());
      default -> throw new IllegalArgumentException("unknown target kind " + kind);
    };
  }

  private static <T> Set<T> readSet(DataInputStream in, Function<String, T> id) throws IOException {
    int n = bounded(in, in.readInt(), 2);
    Set<T> set = new HashSet<>(n * 2);
    for (int i = 0; i < n; i++) {
      set.add(id.apply(in.readUTF()));
    }
    return set;
  }

  /** A count read from the wire, refused if negative or more than the bytes left could hold. */
  private static int bounded(DataInputStream in, int count, int bytesEach) throws IOException {
    if (count < 0 || (long) count * bytesEach > in.available()) {
      throw new IllegalArgumentException("count " + count + " does not fit the message");
    }
    return count;
  }
}
