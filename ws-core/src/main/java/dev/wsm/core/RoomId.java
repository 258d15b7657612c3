package dev.wsm.core;

/**
 * A room's name: 1 to 128 characters, no control characters.
 *
 * @param value 1 to 128 characters, no control characters
 */
public record RoomId(String value) implements Comparable<RoomId> {
  public RoomId {
    Ids.check("room name", value);
  }

  public static RoomId of(String value) {
    return new RoomId(value);
  }

  @Override
  public int compareTo(RoomId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
