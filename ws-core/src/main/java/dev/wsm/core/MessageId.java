package dev.wsm.core;

/**
 * A message's stable, unique id, used by clients to deduplicate.
 *
 * @param value 1 to 128 characters, no control characters
 */
public record MessageId(String value) implements Comparable<MessageId> {
  public MessageId {
    Ids.check("message id", value);
  }

  public static MessageId of(String value) {
    return new MessageId(value);
  }

  /**
   * A new unique id, 22 URL-safe characters: 48 bits of milliseconds then 80 random bits, so ids
   * made close in time share a prefix (stores index them cheaply).
   */
  public static MessageId random() {
    return new MessageId(RandomIds.nextTimeOrdered());
  }

  @Override
  public int compareTo(MessageId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
