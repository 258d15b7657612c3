package dev.wsm.core;

import java.util.Locale;

/**
 * How a message behaves when a recipient's outbound queue is under pressure (more than {@link
 * DeliveryOptions#pressureAt()} full).
 */
public enum DeliveryClass {
  /**
   * Worth sending only now (typing, cursors): under pressure it is dropped for that recipient. Not
   * kept in history, no offset, never recovered.
   */
  EPHEMERAL,
  /**
   * The latest value of a key (a presence status, a score): under pressure only the newest frame of
   * each key waits for the queue to drain, replacing older ones. Not kept in history, no offset.
   */
  STATE,
  /**
   * Never silently dropped (the default): room messages are kept in the stream and direct messages
   * in the user's inbox; a broadcast that finds a recipient's queue full is put in that user's inbox.
   * The connection whose queue overflows is closed with {@link CloseCodes#SLOW_CONSUMER} and gets
   * what it missed when it resumes.
   */
  RELIABLE;

  /** The wire name: {@code ephemeral}, {@code state} or {@code reliable}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The class of a wire name; throws {@link IllegalArgumentException} naming the valid ones. */
  public static DeliveryClass fromWire(String name) {
    for (DeliveryClass c : values()) {
      if (c.wireName().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("delivery must be one of ephemeral, state, reliable");
  }
}
