package dev.wsm.core;

import java.util.Objects;

/**
 * How the per-user inbox treats acks. Immutable.
 *
 * @param ackScope whether an ack clears a message for all of the user's devices or for the acking
 *     device only (default {@link AckScope#USER})
 */
public record InboxOptions(AckScope ackScope) {
  public static final InboxOptions DEFAULTS = new InboxOptions(AckScope.USER);

  public InboxOptions {
    Objects.requireNonNull(ackScope, "ackScope");
  }
}
