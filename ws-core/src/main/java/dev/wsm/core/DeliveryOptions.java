package dev.wsm.core;

/**
 * How outbound queues shed load by {@link DeliveryClass}. Immutable.
 *
 * @param pressureAt how full a connection's outbound queue must be (0 to 1, of its limit) before
 *     {@link DeliveryClass#EPHEMERAL} frames are dropped and {@link DeliveryClass#STATE} frames wait,
 *     latest per key (default 0.5: half of the queue is kept for reliable traffic)
 * @param maxPendingStates keys whose latest state frame may wait per connection; beyond it the
 *     oldest waiting one is dropped (default 256)
 */
public record DeliveryOptions(double pressureAt, int maxPendingStates) {
  public static final DeliveryOptions DEFAULTS = new DeliveryOptions(0.5, 256);

  public DeliveryOptions {
    if (!(pressureAt > 0 && pressureAt <= 1)) {
      throw new IllegalArgumentException("pressureAt must be above 0 and at most 1 (was "
          + pressureAt + ")");
    }
    if (maxPendingStates < 1) {
      throw new IllegalArgumentException("maxPendingStates must be at least 1 (was "
          + maxPendingStates + ")");
    }
  }
}
