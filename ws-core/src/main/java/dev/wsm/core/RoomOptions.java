package dev.wsm.core;

import java.time.Duration;
import java.util.Optional;

/**
 * How to create a room. Immutable; start from {@link #DEFAULTS} (public, no topic, no member limit,
 * no TTL).
 *
 * @param topic free text, at most 256 characters
 * @param password makes the room private when present: 1 to 1,024 characters, stored only as a slow
 *     salted hash
 * @param memberLimit the most distinct users at once, 0 for no limit
 * @param ttl the room is removed this long after creation, and its members told
 * @param createdBy who creates it, or null for the server
 */
public record RoomOptions(
    String topic, Optional<String> password, int memberLimit, Optional<Duration> ttl, UserId createdBy) {

  public static final RoomOptions DEFAULTS =
      new RoomOptions("", Optional.empty(), 0, Optional.empty(), null);

  public RoomOptions {
    topic = topic == null ? "" : topic;
    if (topic.length() > 256) {
      throw new IllegalArgumentException("topic must be at most 256 characters");
    }
    password = password == null ? Optional.empty() : password;
    password.ifPresent(
        p -> {
          if (p.isEmpty() || p.length() > 1024) {
            throw new IllegalArgumentException("password must be 1 to 1024 characters");
          }
        });
    if (memberLimit < 0) {
      throw new IllegalArgumentException("memberLimit must be >= 0 (0 = no limit)");
    }
    ttl = ttl == null ? Optional.empty() : ttl;
    ttl.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
          }
        });
  }

  public RoomOptions withTopic(String topic) {
    return new RoomOptions(topic, password, memberLimit, ttl, createdBy);
  }

  public RoomOptions withPassword(String password) {
    return new RoomOptions(topic, Optional.of(password), memberLimit, ttl, createdBy);
  }

  public RoomOptions withMemberLimit(int memberLimit) {
    return new RoomOptions(topic, password, memberLimit, ttl, createdBy);
  }

  public RoomOptions withTtl(Duration ttl) {
    return new RoomOptions(topic, password, memberLimit, Optional.of(ttl), createdBy);
  }

  public RoomOptions withCreatedBy(UserId createdBy) {
    return new RoomOptions(topic, password, memberLimit, ttl, createdBy);
  }

  @Override
  public String toString() {
    // Never print the password.
    return "RoomOptions[topic=" + topic + ", private=" + password.isPresent() + ", memberLimit="
        + memberLimit + ", ttl=" + ttl.orElse(null) + ", createdBy=" + createdBy + "]";
  }
}
