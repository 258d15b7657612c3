package dev.wsm.core.spi;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A message as stores keep it: in a room's stream (with {@code room} and an {@code offset}) or in a
 * user's inbox (with {@code to}).
 *
 * @param id stable unique id
 * @param room the room, or null for a direct message
 * @param to the recipient user of a direct message, or null
 * @param from the sender, or null for the server
 * @param event an optional label, or null
 * @param data the payload: UTF-8 JSON text, or raw bytes when {@code binary}
 * @param binary whether {@code data} is raw bytes
 * @param parent the message this one replies to, or null
 * @param timestamp when it was sent
 * @param expiresAt after this instant it is never delivered, or null
 * @param offset its position in the room's stream (from 1, strictly increasing), 0 before append
 *     and for direct messages
 */
public record StoredMessage(
    MessageId id,
    RoomId room,
    UserId to,
    UserId from,
    String event,
    byte[] data,
    boolean binary,
    MessageId parent,
    Instant timestamp,
    Instant expiresAt,
    long offset) {
  public StoredMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  public StoredMessage withOffset(long newOffset) {
    return new StoredMessage(id, room, to, from, event, data, binary, parent, timestamp, expiresAt,
        newOffset);
  }

  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
