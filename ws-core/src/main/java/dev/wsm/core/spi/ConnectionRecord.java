package dev.wsm.core.spi;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A connection as the registry keeps it.
 *
 * @param id the connection
 * @param user its user
 * @param labels its labels
 * @param metadata its metadata
 * @param remoteAddress the peer, as text
 * @param connectedAt when it opened
 */
public record ConnectionRecord(
    ConnectionId id,
    UserId user,
    Set<String> labels,
    Map<String, String> metadata,
    String remoteAddress,
    Instant connectedAt) {
  public ConnectionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    labels = Set.copyOf(labels);
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(connectedAt, "connectedAt");
  }
}
