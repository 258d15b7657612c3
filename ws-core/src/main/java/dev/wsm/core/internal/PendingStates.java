package dev.wsm.core.internal;

import dev.wsm.core.spi.OutboundFrame;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One connection's {@link dev.wsm.core.DeliveryClass#STATE} frames waiting for its queue to drain:
 * the latest per key, oldest key first, at most {@code max} keys. Also counts the frames the
 * connection shed since the last report. Thread-safe.
 */
final class PendingStates {
  private final LinkedHashMap<String, OutboundFrame> latest = new LinkedHashMap<>();
  private long shedEphemeral;
  private long shedState;

  /**
   * Keeps {@code frame} as the latest of {@code key}, replacing a waiting one; drops the oldest key's
   * frame when {@code max} keys wait. Returns how many frames were dropped (0 or 1).
   */
  synchronized int defer(String key, OutboundFrame frame, int max) {
    int dropped = 0;
    if (latest.remove(key) != null) {
      dropped = 1;
    } else if (latest.size() >= max) {
      Iterator<String> oldest = latest.keySet().iterator();
      oldest.next();
      oldest.remove();
      dropped = 1;
    }
    latest.put(key, frame);
    shedState += dropped;
    return dropped;
  }

  synchronized void ephemeralDropped() {
    shedEphemeral++;
  }

  /** The waiting frames, oldest key first; none wait afterwards. */
  synchronized List<OutboundFrame> takeAll() {
    List<OutboundFrame> frames = new ArrayList<>(latest.values());
    latest.clear();
    return frames;
  }

  synchronized boolean isWaiting() {
    return !latest.isEmpty();
  }

  /** The shed counts since the last call, as {ephemeral, state}; both zero afterwards. */
  synchronized long[] takeShed() {
    long[] counts = {shedEphemeral, shedState};
    shedEphemeral = 0;
    shedState = 0;
    return counts;
  }
}
