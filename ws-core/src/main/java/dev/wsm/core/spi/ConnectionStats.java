package dev.wsm.core.spi;

import java.util.Map;

/**
 * Counts over the connection registry.
 *
 * @param active connections open now
 * @param totalEverConnected connections ever registered
 * @param totalMessages messages received from clients, over all connections
 * @param byLabel active connections per label
 * @param users distinct users with at least one active connection (over every node that shares
 *     the store and whose lease lives)
 */
public record ConnectionStats(
    long active, long totalEverConnected, long totalMessages, Map<String, Long> byLabel,
    long users) {
  public ConnectionStats {
    byLabel = Map.copyOf(byLabel);
    if (users < 0) {
      throw new IllegalArgumentException("users must be at least 0, was " + users);
    }
  }
}
