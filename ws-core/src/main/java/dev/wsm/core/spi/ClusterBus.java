package dev.wsm.core.spi;

import java.util.function.Consumer;

/**
 * Carries frames to the other nodes of a cluster, where each node applies the target to its own
 * connections. The default is a no-op for a single node. Contract: {@link #publish} never blocks
 * (bounded buffering; a full buffer drops and reports false); {@code inbound} is called on the
 * bus's own thread and must not block.
 */
public interface ClusterBus {
  /** Starts receiving; {@code inbound} gets messages from other nodes only. */
  void start(Consumer<ClusterMessage> inbound);

  /** Publishes to the other nodes; false if it was dropped. */
  boolean publish(ClusterMessage message);

  void stop();
}
