package dev.wsm.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's presence, aggregated over their devices.
 *
 * @param user the user
 * @param status {@link PresenceStatus#OFFLINE} when no device is connected
 * @param meta custom metadata the user set (a JSON object, empty when none)
 * @param lastSeen when a device of the user was last active
 * @param devices how many connections the user holds
 */
public record Presence(UserId user, PresenceStatus status, JsonNode meta, Instant lastSeen, int devices) {
  public Presence {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(status, "status");
    meta = meta == null ? JsonNodeFactory.instance.objectNode() : meta;
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
