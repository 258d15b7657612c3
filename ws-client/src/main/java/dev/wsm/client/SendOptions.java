package dev.wsm.client;

import java.time.Duration;

/**
 * Optional parts of a {@code publish} or {@code direct}. Immutable; start from {@link #NONE}.
 *
 * @param event a label for the message, 1 to 128 characters, or null
 * @param ttl after this the message is never delivered (1 s to 7 days), or null for the server's
 *     defaults (history retention, 24 h in inboxes)
 * @param parent the id of the message this one answers (threads; {@code publish} only), or null
 */
public record SendOptions(String event, Duration ttl, String parent) {
  public static final SendOptions NONE = new SendOptions(null, null, null);

  public SendOptions {
    if (event != null && (event.isEmpty() || event.length() > 128)) {
      throw new IllegalArgumentException("event must be 1 to 128 characters");
    }
    if (ttl != null && (ttl.toMillis() < 1000 || ttl.compareTo(Duration.ofDays(7)) > 0
        || ttl.toMillisPart() != 0)) {
      throw new IllegalArgumentException("ttl must be whole seconds from 1 s to 7 days (was " + ttl + ")");
    }
    if (parent != null && parent.isEmpty()) {
      throw new IllegalArgumentException("parent must not be empty");
    }
  }

  public SendOptions withEvent(String newEvent) {
    return new SendOptions(newEvent, ttl, parent);
  }

  public SendOptions withTtl(Duration newTtl) {
    return new SendOptions(event, newTtl, parent);
  }

  public SendOptions withParent(String newParent) {
    return new SendOptions(event, ttl, newParent);
  }
}
