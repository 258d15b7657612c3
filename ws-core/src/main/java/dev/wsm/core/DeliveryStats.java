package dev.wsm.core;

/**
 * What load shedding did on this node since it started.
 *
 * @param ephemeralDropped {@link DeliveryClass#EPHEMERAL} frames not sent because the recipient's
 *     queue was under pressure
 * @param stateDeferred {@link DeliveryClass#STATE} frames that waited for a queue to drain
 * @param stateReplaced waiting state frames dropped because a newer one of the same key came (or
 *     the connection had too many keys waiting)
 * @param reliableSpilled reliable broadcast frames that found a queue full and were put in the
 *     recipient user's inbox instead
 * @param slowConsumerClosed connections closed because their queue overflowed ({@link
 *     CloseCodes#SLOW_CONSUMER})
 */
public record DeliveryStats(long ephemeralDropped, long stateDeferred, long stateReplaced,
    long reliableSpilled, long slowConsumerClosed) {}
