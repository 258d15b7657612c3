package dev.wsm.core.internal;

import dev.wsm.core.spi.OutboundFrame;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One event relayed to several targets (a presence change goes to the user and to each of the
 * user's rooms) reaches another node as copies, one after the other from their node. This
 * remembers, per origin node, the last frame and whom it went to, so that each connection gets the
 * event once, as on a single node. Consecutive frames with the same bytes from one node are always
 * copies: every frame that is not a copy differs (an id, a timestamp or a changed state).
 */
final class EventCopies {
  /** Origins remembered; the least recently heard from is forgotten beyond this. */
  private static final int MAX_ORIGINS = 256;

  private record Last(byte[] bytes, Set<LiveConnection> served) {}

  private final Map<String, Last> byOrigin = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
      return size() > MAX_ORIGINS;
    }
  };

  /**
   * The connections the copies of this frame from {@code origin} went to so far (empty for a new
   * frame); the caller adds the ones it sends to.
   */
  synchronized Set<LiveConnection> served(String origin, OutboundFrame frame) {
    Last last = byOrigin.get(origin);
    if (last == null || !Arrays.equals(last.bytes(), frame.payload())) {
      last = new Last(frame.payload(), Collections.newSetFromMap(new IdentityHashMap<>()));
      byOrigin.put(origin, last);
    }
    return last.served();
  }
}
