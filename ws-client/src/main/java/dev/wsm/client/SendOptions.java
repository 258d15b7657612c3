package dev.wsm.client;

import java.time.Duration;

/**
 * Optional parts of a {@code publish} or {@code direct}. Immutable; start from {@link #NONE}.
 *
 * @param event a label for the message, 1 to 128 characters, or null
 * @param ttl after this the message is never delivered (1 s to 7 days), or null for the server's
 *     defaults (history retention, 24 h in inboxes)
 * @param parent the id of the message this one answers (threads; {@code publish} only), or null
 * @param delivery {@code null} (reliable, the default), {@code "ephemeral"} or {@code "state"}
 *     ({@code publish} only): such messages are not stored and are shed for receivers under
 *     pressure (docs/protocol.md, "Delivery classes")
 * @param key the key of a {@code "state"} message (latest wins), 1 to 256 characters; null otherwise
 */
public record SendOptions(String event, Duration ttl, String parent, String delivery, String key) {
  public static final SendOptions NONE = new SendOptions(null, null, null, null, null);

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
    if (delivery != null && !delivery.equals("ephemeral") && !delivery.equals("state")) {
      throw new IllegalArgumentException("delivery must be null, \"ephemeral\" or \"state\"");
    }
    if ("state".equals(delivery) != (key != null)) {
      throw new IllegalArgumentException("a key goes with state delivery, and only with it");
    }
    if (key != null && (key.isEmpty() || key.length() > 256)) {
      throw new IllegalArgumentException("key must be 1 to 256 characters");
    }
    if (delivery != null && ttl != null) {
      throw new IllegalArgumentException("ttl applies to reliable messages only");
    }
  }

  public SendOptions withEvent(String newEvent) {
    return new SendOptions(newEvent, ttl, parent, delivery, key);
  }

  public SendOptions withTtl(Duration newTtl) {
    return new SendOptions(event, newTtl, parent, delivery, key);
  }

  public SendOptions withParent(String newParent) {
    return new SendOptions(event, ttl, newParent, delivery, key);
  }

  /** Not stored; dropped for a receiver whose queue is under pressure (cursors, "is drawing"). */
  public SendOptions ephemeral() {
    return new SendOptions(event, ttl, parent, "ephemeral", null);
  }

  /** Not stored; under pressure a receiver gets only the newest message of {@code stateKey}. */
  public SendOptions state(String stateKey) {
    return new SendOptions(event, ttl, parent, "state", stateKey);
  }
}
