package dev.wsm.core;

/**
 * A live connection's id, unique on this node and across the cluster.
 *
 * @param value 1 to 128 characters, no control characters
 */
public record ConnectionId(String value) implements Comparable<ConnectionId> {
  public ConnectionId {
    Ids.check("connection id", value);
  }

  public static ConnectionId of(String value) {
    return new ConnectionId(value);
  }

  /** A new random id (128 bits, URL-safe). */
  public static ConnectionId random() {
    return new ConnectionId(RandomIds.next());
  }

  @Override
  public int compareTo(ConnectionId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
