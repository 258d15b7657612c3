package dev.wsm.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a room. The password hash never leaves the store.
 *
 * @param id the room's name
 * @param topic a free-text topic, empty when none
 * @param isPrivate true when joining needs the room's password
 * @param memberLimit the most distinct users that may be members at once; 0 means no limit
 * @param createdBy who created it, or null for the server
 * @param createdAt when it was created
 * @param expiresAt when it expires and is removed, if it has a TTL
 * @param ephemeral true for rooms created by a first join: removed when the last member leaves
 */
public record Room(
    RoomId id,
    String topic,
    boolean isPrivate,
    int memberLimit,
    UserId createdBy,
    Instant createdAt,
    Optional<Instant> expiresAt,
    boolean ephemeral) {
  public Room {
    Objects.requireNonNull(id, "id");
    topic = topic == null ? "" : topic;
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
