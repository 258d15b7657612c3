package dev.wsm.core.internal;

import dev.wsm.core.DeliveryClass;
import dev.wsm.core.MessageId;
import dev.wsm.core.Target;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.OutboundFrame;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Hands frames and commands to the other nodes over the {@link ClusterBus}, stamped with this
 * node's id. Called on any thread (transport threads, store completions, the scheduler); never
 * blocks beyond what {@link ClusterBus#publish} does, which must not block either.
 */
@Singleton
public final class ClusterRelay {
  private final ClusterBus bus;
  private final String node = "node-" + MessageId.random().value();

  @Inject
  public ClusterRelay(ClusterBus bus) {
    this.bus = bus;
  }

  /** This node's id in the cluster: the origin of what it publishes on the bus. */
  public String node() {
    return node;
  }

  /**
   * Hands a frame (an event: joined, left, typing, presence; or a message) to the other nodes,
   * which deliver it to their connections matching {@code target}; false if the bus dropped it.
   */
  public boolean relay(Target target, OutboundFrame frame) {
    return bus.publish(new ClusterMessage(node, target, frame));
  }

  /** As {@link #relay(Target, OutboundFrame)}, for a room message at {@code offset} of its stream. */
  boolean relay(Target target, OutboundFrame frame, long offset) {
    return bus.publish(new ClusterMessage(node, target, frame, offset));
  }

  /** As {@link #relay(Target, OutboundFrame)}, for a frame of delivery class {@code cls}. */
  boolean relay(Target target, OutboundFrame frame, DeliveryClass cls, String key) {
    return bus.publish(new ClusterMessage(node, target, frame, cls, key));
  }

  /** As {@link #relay(Target, OutboundFrame)}, for a state event (presence, typing) of {@code key}. */
  public boolean relayState(Target target, OutboundFrame frame, String key) {
    return relay(target, frame, DeliveryClass.STATE, key);
  }

  /** Hands a command to the other nodes; false if the bus dropped it. */
  public boolean relay(ClusterCommand command) {
    return bus.publish(command);
  }
}
