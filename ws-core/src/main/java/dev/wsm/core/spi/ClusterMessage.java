package dev.wsm.core.spi;

import dev.wsm.core.Target;
import java.util.Objects;

/**
 * A frame on its way to the other nodes of a cluster.
 *
 * @param origin the node that sent it (a node ignores its own messages)
 * @param target who gets it; never {@link Target.Matching}, which is local-only
 * @param frame the encoded frame, delivered as-is on every node
 */
public record ClusterMessage(String origin, Target target, OutboundFrame frame) {
  public ClusterMessage {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(target, "target");
    if (target instanceof Target.Matching) {
      throw new IllegalArgumentException("a Matching target is local-only");
    }
    Objects.requireNonNull(frame, "frame");
  }
}
