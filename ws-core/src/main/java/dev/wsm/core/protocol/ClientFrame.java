package dev.wsm.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.MessageId;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.List;

/**
 * A decoded client → server frame. Every frame may carry a {@code ref} (null when absent); the
 * server answers a frame with a ref by a {@code reply}.
 */
public sealed interface ClientFrame {
  String ref();

  /** Join a room; {@code password} is null for public rooms. */
  record Join(String ref, RoomId room, String password) implements ClientFrame {
    @Override
    public String toString() {
      return "Join[ref=" + ref + ", room=" + room + "]";
    }
  }

  record Leave(String ref, RoomId room) implements ClientFrame {}

  /**
   * Publish to a room the connection has joined; {@code echo} also sends it back to the sender.
   * {@code data} is kept as the JSON text the client sent.
   */
  record Publish(String ref, RoomId room, RawJson data, String event, boolean echo,
      java.time.Duration ttl, MessageId parent, dev.wsm.core.DeliveryClass delivery, String key)
      implements ClientFrame {
    public Publish {
      java.util.Objects.requireNonNull(delivery, "delivery");
    }

    /** A reliable message. */
    public Publish(String ref, RoomId room, RawJson data, String event, boolean echo,
        java.time.Duration ttl, MessageId parent) {
      this(ref, room, data, event, echo, ttl, parent, dev.wsm.core.DeliveryClass.RELIABLE, null);
    }

    /** A reliable message without a time to live or a parent. */
    public Publish(String ref, RoomId room, RawJson data, String event, boolean echo) {
      this(ref, room, data, event, echo, null, null);
    }
  }

  /** A direct message to every device of a user, or to one connection; exactly one is non-null. */
  record Direct(String ref, UserId to, ConnectionId connection, JsonNode data, String event,
      java.time.Duration ttl) implements ClientFrame {
    /** Without a time to live. */
    public Direct(String ref, UserId to, ConnectionId connection, JsonNode data, String event) {
      this(ref, to, connection, data, event, null);
    }
  }

  /**
   * Acknowledges direct messages by id, or every one up to a sequence number ({@code upTo} above
   * 0, then {@code ids} is empty): the inbox no longer keeps them (for the device, in device mode).
   */
  record Ack(String ref, List<MessageId> ids, long upTo) implements ClientFrame {
    public Ack {
      ids = List.copyOf(ids);
    }

    /** By id. */
    public Ack(String ref, List<MessageId> ids) {
      this(ref, ids, 0);
    }
  }

  /** Set this device's status and/or the user's metadata; either may be null, not both. */
  record PresenceUpdate(String ref, PresenceStatus status, JsonNode meta) implements ClientFrame {}

  record Typing(String ref, RoomId room, boolean typing) implements ClientFrame {}

  record Ping(String ref) implements ClientFrame {}

  /** List a room's members with their presence. */
  record Members(String ref, RoomId room) implements ClientFrame {}

  /**
   * A page of a room's history (see {@code HistoryQuery}): offsets in {@code (after, before)}
   * ({@code before} 0 for no bound), timestamps in {@code [since, until)} (null for no bound).
   */
  record History(String ref, RoomId room, long after, long before, Instant since, Instant until,
      MessageId parent, int limit, boolean newestFirst) implements ClientFrame {
    /** Messages after an offset, with no other bound. */
    public History(String ref, RoomId room, long after, int limit, boolean newestFirst) {
      this(ref, room, after, 0, null, null, null, limit, newestFirst);
    }
  }

  /** Rejoin rooms after a reconnect and get what was missed (see docs/protocol.md, resume). */
  record Resume(String ref, String session, List<ResumeRoom> rooms) implements ClientFrame {
    public Resume {
      rooms = List.copyOf(rooms);
    }
  }

  /**
   * One room of a {@link Resume}: the highest {@code offset} seen, in stream {@code epoch} (null
   * when the client saw nothing: offset 0), and the {@code password} of a private room, or null.
   */
  record ResumeRoom(RoomId room, long offset, String epoch, String password) {}

  /** An application-defined type, answered by a registered {@code RequestHandler}. */
  record Custom(String type, String ref, JsonNode data) implements ClientFrame {}
}
