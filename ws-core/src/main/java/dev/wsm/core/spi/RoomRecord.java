package dev.wsm.core.spi;

import dev.wsm.core.Room;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A room as a store keeps it.
 *
 * @param id the room's name
 * @param topic free text, empty when none
 * @param passwordHash the encoded password hash ({@code pbkdf2-sha256$iterations$salt$hash}), or
 *     null for a public room; stores keep it as an opaque string
 * @param memberLimit most distinct users at once, 0 for no limit
 * @param createdBy the creator, or null
 * @param createdAt when it was created
 * @param expiresAt when it expires, or null
 * @param ephemeral removed by the store when its last member leaves
 */
public record RoomRecord(
    RoomId id,
    String topic,
    String passwordHash,
    int memberLimit,
    UserId createdBy,
    Instant createdAt,
    Instant expiresAt,
    boolean ephemeral) {
  public RoomRecord {
    Objects.requireNonNull(id, "id");
    topic = topic == null ? "" : topic;
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The public view, without the password hash. */
  public Room toRoom() {
    return new Room(id, topic, passwordHash != null, memberLimit, createdBy, createdAt,
        Optional.ofNullable(expiresAt), ephemeral);
  }
}
