package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.Delivery;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.MessageId;
import dev.wsm.core.spi.OutboundFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
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
    return deliver(id, null, offset, recipients, skip, frame, 0, c -> plain(c, frame), null);
  }

  /**
   * As {@link #deliver}, for a room message: a recipient recovering the room holds the frame back
   * (counted as delivered: it is queued in order behind the missed messages).
   */
  static Delivery deliverToRoom(MessageId id, dev.wsm.core.RoomId room, long offset,
      Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip, OutboundFrame frame,
      int holdLimit) {
    return deliver(id, room, OptionalLong.of(offset), recipients, skip, frame, holdLimit,
        c -> plain(c, frame), null);
  }

  /**
   * Sends {@code frame} as {@code cls} to every connection not skipped (see {@link
   * DeliveryPressure}); a deferred state frame counts as delivered, a shed one as dropped. Each
   * connection whose queue overflowed is handed to {@code overflow} (null: nobody).
   */
  static Delivery deliverAs(MessageId id, Iterable<LiveConnection> recipients,
      Predicate<LiveConnection> skip, OutboundFrame frame, DeliveryClass cls, String key,
      DeliveryPressure pressure, Consumer<LiveConnection> overflow) {
    return deliver(id, null, OptionalLong.empty(), recipients, skip, frame, 0,
        c -> pressure.send(c, frame, cls, key), overflow);
  }

  /**
   * The one delivery loop; {@code room} null means no recipient can be holding frames back. Each
   * connection whose queue overflowed is handed to {@code overflow} (null: nobody).
   */
  private static Delivery deliver(MessageId id, dev.wsm.core.RoomId room, OptionalLong offset,
      Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip, OutboundFrame frame,
      int holdLimit, Function<LiveConnection, DeliveryPressure.Outcome> send,
      Consumer<LiveConnection> overflow) {
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
      DeliveryPressure.Outcome outcome = held ? DeliveryPressure.Outcome.QUEUED : send.apply(c);
      if (outcome.delivered()) {
        delivered++;
        continue;
      }
      if (outcome == DeliveryPressure.Outcome.QUEUE_FULL && overflow != null) {
        overflow.accept(c);
      }
      if (dropped == null) {
        dropped = new ArrayList<>();
      }
      dropped.add(c.id());
    }
    return new Delivery(id, matched, delivered, dropped == null ? List.of() : dropped, false,
        offset);
  }

  private static DeliveryPressure.Outcome plain(LiveConnection c, OutboundFrame frame) {
    return DeliveryPressure.outcome(c.send(frame));
  }

  /** As {@link #deliverAs}, for an event that reports nothing back. */
  static void sendAs(Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip,
      OutboundFrame frame, DeliveryClass cls, String key, DeliveryPressure pressure) {
    for (LiveConnection c : recipients) {
      if (!skip.test(c)) {
        pressure.send(c, frame, cls, key);
      }
    }
  }

  static <T> Predicate<T> none() {
    return c -> false;
  }
}
