package dev.wsm.core.spi;

import java.util.Map;

/**
 * Counts over the connection registry.
 *
 * @param active connections open now
 * @param totalEverConnected connections ever registered
 * @param totalMessages messages received from clients, over all connections
 * @param byLabel active connections per label
 */
public record ConnectionStats(
    long active, long totalEverConnected, long totalMessages, Map<String, Long> byLabel) {
  public ConnectionStats {
    byLabel = Map.copyOf(byLabel);
  }
}
