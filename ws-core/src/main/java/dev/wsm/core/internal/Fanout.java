package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.Delivery;
import dev.wsm.core.MessageId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** Writes one frame to many connections and counts the outcome. No per-recipient encoding. */
final class Fanout {
  private Fanout() {}

  /** Sends {@code frame} to every connection not skipped; a fire-and-forget event send. */
  static void send(Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip, OutboundFrame frame) {
    for (LiveConnection c : recipients) {
      if (!skip.test(c)) {
        c.send(frame);
      }
    }
  }

  /**
   * Sends a room message's frame to every recipient not skipped; one recovering the room holds it
   * back instead (no counts: a frame from another node).
   */
  static void sendToRoom(dev.wsm.core.RoomId room, long offset, Iterable<LiveConnection> recipients,
      Predicate<LiveConnection> skip, OutboundFrame frame, int holdLimit) {
    for (LiveConnection c : recipients) {
      if (!skip.test(c) && !c.holdIfRecovering(room, offset, frame, holdLimit)) {
        c.send(frame);
      }
    }
  }

  static Delivery deliver(MessageId id, Iterable<LiveConnection> recipients,
      Predicate<LiveConnection> skip, OutboundFrame frame, OptionalLong offset) {
    return deliver(id, null, offset, recipients, skip, frame, 0);
  }

  /**
   * As {@link #deliver}, for a room message: a recipient recovering the room holds the frame back
   * (counted as delivered: it is queued in order behind the missed messages).
   */
  static Delivery deliverToRoom(MessageId id, dev.wsm.core.RoomId room, long offset,
      Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip, OutboundFrame frame,
      int holdLimit) {
    return deliver(id, room, OptionalLong.of(offset), recipients, skip, frame, holdLimit);
  }

  /** The one delivery loop; {@code room} null means no recipient can be holding frames back. */
  private static Delivery deliver(MessageId id, dev.wsm.core.RoomId room, OptionalLong offset,
      Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip, OutboundFrame frame,
      int holdLimit) {
    int matched = 0;
    int delivered = 0;
    List<ConnectionId> dropped = null;
    for (LiveConnection c : recipients) {
      if (skip.test(c)) {
        continue;
      }
      matched++;
      boolean held = room != null
          && c.holdIfRecovering(room, offset.getAsLong(), frame, holdLimit);
      if (held || c.send(frame) == SendResult.SENT) {
        delivered++;
      } else {
        if (dropped == null) {
          dropped = new ArrayList<>();
        }
        dropped.add(c.id());
      }
    }
    return new Delivery(id, matched, delivered, dropped == null ? List.of() : dropped, false,
        offset);
  }

  static <T> Predicate<T> none() {
    return c -> false;
  }
}
