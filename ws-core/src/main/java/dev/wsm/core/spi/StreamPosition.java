package dev.wsm.core.spi;

import java.util.Objects;

/**
 * Where a room's stream stands.
 *
 * @param epoch changes whenever the store loses the stream (purged, or a memory store restarted), so
 *     a client holding offsets of an older epoch knows they are void
 * @param lastOffset the offset of the newest message, 0 for an empty stream
 */
public record StreamPosition(String epoch, long lastOffset) {
  public StreamPosition {
    Objects.requireNonNull(epoch, "epoch");
  }
}
