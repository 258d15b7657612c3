package dev.wsm.core;

/**
 * A user's id; one user may hold many connections (devices).
 *
 * @param value 1 to 128 characters, no control characters
 */
public record UserId(String value) implements Comparable<UserId> {
  public UserId {
    Ids.check("user id", value);
  }

  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
