package dev.wsm.core.spi;

import dev.wsm.core.DeliveryClass;
import dev.wsm.core.Target;
import java.util.Objects;

/**
 * A frame on its way to the other nodes of a cluster.
 *
 * @param origin the node that sent it (a node ignores its own messages)
 * @param target who gets it; never {@link Target.Matching}, which is local-only
 * @param frame the encoded frame, delivered as-is on every node
 * @param offset for a room message (a {@link Target.ToRoom} target), its offset in the room's
 *     stream, with which nodes sharing a {@link MessageStore#shared() shared} store find and recover
 *     the room messages the bus lost; 0 for every other frame
 * @param delivery how the receiving nodes send it to connections under pressure (a stored room
 *     message is always {@link DeliveryClass#RELIABLE})
 * @param key the state key of a {@link DeliveryClass#STATE} frame, else null
 */
public record ClusterMessage(String origin, Target target, OutboundFrame frame, long offset,
    DeliveryClass delivery, String key) {
  public ClusterMessage {
    Objects.requireNonNull(delivery, "delivery");
    if ((delivery == DeliveryClass.STATE) != (key != null)) {
      throw new IllegalArgumentException("a state frame has a key, and only a state frame");
    }
    if (offset > 0 && delivery != DeliveryClass.RELIABLE) {
      throw new IllegalArgumentException("a stored room message is reliable");
    }
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(target, "target");
    if (target instanceof Target.Matching) {
      throw new IllegalArgumentException("a Matching target is local-only");
    }
    Objects.requireNonNull(frame, "frame");
    if (offset < 0 || (offset > 0 && !(target instanceof Target.ToRoom))) {
      throw new IllegalArgumentException("only a room message has an offset, and it is positive");
    }
  }

  /** A reliable frame; {@code offset} as for the canonical constructor. */
  public ClusterMessage(String origin, Target target, OutboundFrame frame, long offset) {
    this(origin, target, frame, offset, DeliveryClass.RELIABLE, null);
  }

  /** A reliable frame that is not a room message of a stream (an event, a direct message, a broadcast). */
  public ClusterMessage(String origin, Target target, OutboundFrame frame) {
    this(origin, target, frame, 0);
  }

  /** An unstored frame of a delivery class (ephemeral, state, or an event). */
  public ClusterMessage(String origin, Target target, OutboundFrame frame, DeliveryClass delivery,
      String key) {
    this(origin, target, frame, 0, delivery, key);
  }
}
