package dev.wsm.core;

import java.util.Locale;
import java.util.Optional;

/** A user's status. Across devices the most available wins: online, then busy, then away. */
public enum PresenceStatus {
  ONLINE,
  BUSY,
  AWAY,
  OFFLINE;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** The status with this wire name, if any. */
  public static Optional<PresenceStatus> fromWire(String wire) {
    for (PresenceStatus status : values()) {
      if (status.wire.equals(wire)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
