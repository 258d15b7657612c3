package dev.wsm.core;

import java.util.Objects;

/**
 * A message the server application sends through the {@link MessageRouter}.
 *
 * @param payload what it carries
 * @param event an optional label the client can dispatch on (e.g. {@code payment_intent.succeeded}),
 *     or null; at most 128 characters
 * @param from the user it is sent on behalf of, or null for the server itself
 */
public record OutboundMessage(Payload payload, String event, UserId from) {
  public OutboundMessage {
    Objects.requireNonNull(payload, "payload");
    if (event != null && (event.isEmpty() || event.length() > 128)) {
      throw new IllegalArgumentException("event must be 1 to 128 characters");
    }
  }

  public static OutboundMessage of(Payload payload) {
    return new OutboundMessage(payload, null, null);
  }

  public OutboundMessage withEvent(String event) {
    return new OutboundMessage(payload, event, from);
  }

  public OutboundMessage withFrom(UserId from) {
    return new OutboundMessage(payload, event, from);
  }
}
