package dev.wsm.core.spi;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's last known presence as stores keep it.
 *
 * @param user the user
 * @param status the aggregated status
 * @param metaJson custom metadata as a JSON object text
 * @param lastSeen when a device of the user was last active
 */
public record PresenceRecord(UserId user, PresenceStatus status, String metaJson, Instant lastSeen) {
  public PresenceRecord {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
    metaJson = metaJson == null ? "{}" : metaJson;
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
