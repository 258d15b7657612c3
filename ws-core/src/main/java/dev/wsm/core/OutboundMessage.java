package dev.wsm.core;

import java.util.Objects;

/**
 * A message the server application sends through the {@link MessageRouter}.
 *
 * @param payload what it carries
 * @param event an optional label the client can dispatch on (e.g. {@code payment_intent.succeeded}),
 *     or null; at most 128 characters
 * @param from the user it is sent on behalf of, or null for the server itself
 * @param delivery how it behaves when a recipient's queue is under pressure (default {@link
 *     DeliveryClass#RELIABLE}); ephemeral and state messages are not kept in history or inboxes
 * @param key for {@link DeliveryClass#STATE}, what "latest wins" applies to (1 to 256
 *     characters); null for the other classes
 */
public record OutboundMessage(Payload payload, String event, UserId from, DeliveryClass delivery,
    String key) {
  public OutboundMessage {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(delivery, "delivery");
    if (event != null && (event.isEmpty() || event.length() > 128)) {
      throw new IllegalArgumentException("event must be 1 to 128 characters");
    }
    if (delivery == DeliveryClass.STATE) {
      if (key == null || key.isEmpty() || key.length() > 256) {
        throw new IllegalArgumentException("a state message needs a key of 1 to 256 characters");
      }
    } else if (key != null) {
      throw new IllegalArgumentException("only state messages have a key");
    }
  }

  /** A reliable message. */
  public OutboundMessage(Payload payload, String event, UserId from) {
    this(payload, event, from, DeliveryClass.RELIABLE, null);
  }

  public static OutboundMessage of(Payload payload) {
    return new OutboundMessage(payload, null, null);
  }

  public OutboundMessage withEvent(String event) {
    return new OutboundMessage(payload, event, from, delivery, key);
  }

  public OutboundMessage withFrom(UserId from) {
    return new OutboundMessage(payload, event, from, delivery, key);
  }

  /** This message as ephemeral: dropped for recipients under pressure, never stored. */
  public OutboundMessage ephemeral() {
    return new OutboundMessage(payload, event, from, DeliveryClass.EPHEMERAL, null);
  }

  /** This message as the latest state of {@code key}: under pressure only the newest is sent. */
  public OutboundMessage state(String key) {
    return new OutboundMessage(payload, event, from, DeliveryClass.STATE, key);
  }
}
