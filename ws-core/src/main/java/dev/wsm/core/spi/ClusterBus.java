package dev.wsm.core.spi;

import java.util.function.Consumer;

/**
 * Carries frames to the other nodes of a cluster, where each node applies the target to its own
 * connections. The default is a no-op for a single node. Contract: {@link #publish} never blocks
 * (bounded buffering; a full buffer drops and reports false); {@code inbound} is called on the
 * bus's own thread and must not block. Delivery is at most once: a message may be lost (e.g. while
 * the bus's server is unreachable), never duplicated by the bus. Proven by {@code
 * ClusterBusContract} in ws-testkit.
 */
public interface ClusterBus {
  /** Starts receiving; {@code inbound} gets messages from other nodes only. */
  void start(Consumer<ClusterMessage> inbound);

  /**
   * Starts receiving messages and commands; each consumer gets those of other nodes only, on the
   * bus's own thread. A bus that carries no commands ignores {@code commands}.
   */
  default void start(Consumer<ClusterMessage> inbound, Consumer<ClusterCommand> commands) {
    start(inbound);
  }

  /** Publishes to the other nodes; false if it was dropped. */
  boolean publish(ClusterMessage message);

  /** Publishes a command to the other nodes; false if it was dropped (or cannot be carried). */
  default boolean publish(ClusterCommand command) {
    return false;
  }

  /** Stops receiving and publishing; idempotent. */
  void stop();
}
