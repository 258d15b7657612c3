package dev.wsm.core.internal;

import dev.wsm.core.DeliveryClass;
import dev.wsm.core.DeliveryOptions;
import dev.wsm.core.DeliveryStats;
import dev.wsm.core.MessageId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.SendResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends frames by {@link DeliveryClass}, shedding ephemeral and state frames for connections whose
 * outbound queue is under pressure, and counts every drop, deferral, spill and slow-consumer close.
 * {@link #sweep()} (on the hub's scheduler) sends waiting state frames once a queue has drained and
 * reports what each connection shed to the listeners. Never blocks.
 */
@Singleton
public final class DeliveryPressure {
  /** What became of one frame for one connection. */
  enum Outcome {
    /** Queued for writing. */
    QUEUED,
    /** A state frame waiting, latest of its key, for the queue to drain. */
    DEFERRED,
    /** An ephemeral frame dropped under pressure. */
    SHED,
    /** The queue overflowed; the transport is closing the connection as a slow consumer. */
    QUEUE_FULL,
    /** The connection is closed. */
    CLOSED;

    boolean delivered() {
      return this == QUEUED || this == DEFERRED;
    }
  }

  private final DeliveryOptions options;
  private final Callbacks callbacks;
  private final LongAdder ephemeralDropped = new LongAdder();
  private final LongAdder stateDeferred = new LongAdder();
  private final LongAdder stateReplaced = new LongAdder();
  private final LongAdder reliableSpilled = new LongAdder();
  private final LongAdder slowConsumerClosed = new LongAdder();
  /** Connections with state frames waiting or shed counts not yet reported. */
  private final Set<LiveConnection> shedding = ConcurrentHashMap.newKeySet();

  @Inject
  public DeliveryPressure(DeliveryOptions options, Callbacks callbacks) {
    this.options = options;
    this.callbacks = callbacks;
  }

  /** Sends {@code frame} to {@code c} as {@code cls} says; {@code key} is required for STATE. */
  Outcome send(LiveConnection c, OutboundFrame frame, DeliveryClass cls, String key) {
    if (cls == DeliveryClass.RELIABLE) {
      return outcome(c.send(frame));
    }
    boolean pressed = c.queueFill() >= options.pressureAt();
    if (cls == DeliveryClass.EPHEMERAL) {
      if (pressed) {
        ephemeralDropped.increment();
        c.pendingStates().ephemeralDropped();
        shedding.add(c);
        return Outcome.SHED;
      }
      return outcome(c.send(frame));
    }
    PendingStates pending = c.pendingStates();
    if (pressed || pending.isWaiting()) {
      // Once frames wait, later ones wait too, so that the newest value is the one that arrives.
      int replaced = pending.defer(key, frame, options.maxPendingStates());
      stateDeferred.increment();
      stateReplaced.add(replaced);
      shedding.add(c);
      return Outcome.DEFERRED;
    }
    return outcome(c.send(frame));
  }

  /** A reliable frame that a queue could not take went to the recipient's inbox instead. */
  void spilled(LiveConnection c, MessageId id) {
    reliableSpilled.increment();
    callbacks.emit(l -> l.onSpilled(c, id));
  }

  /** A connection was closed because its outbound queue overflowed. */
  void slowConsumerClosed() {
    slowConsumerClosed.increment();
  }

  /**
   * Sends the waiting state frames of every connection whose queue is below the pressure mark, and
   * reports to listeners what each connection shed since the last sweep.
   */
  void sweep() {
    for (LiveConnection c : shedding) {
      PendingStates pending = c.pendingStates();
      if (c.isClosed()) {
        shedding.remove(c);
        pending.takeAll();
        continue;
      }
      if (pending.isWaiting() && c.queueFill() < options.pressureAt()) {
        for (OutboundFrame frame : pending.takeAll()) {
          c.send(frame);
        }
      }
      long[] shed = pending.takeShed();
      if (shed[0] > 0 || shed[1] > 0) {
        callbacks.emit(l -> l.onShed(c, shed[0], shed[1]));
      }
      if (!pending.isWaiting()) {
        shedding.remove(c);
        // A frame deferred between the checks above re-adds the connection on its own.
        if (pending.isWaiting()) {
          shedding.add(c);
        }
      }
    }
  }

  public DeliveryStats stats() {
    return new DeliveryStats(ephemeralDropped.sum(), stateDeferred.sum(), stateReplaced.sum(),
        reliableSpilled.sum(), slowConsumerClosed.sum());
  }

  static Outcome outcome(SendResult result) {
    return switch (result) {
      case SENT -> Outcome.QUEUED;
      case QUEUE_FULL -> Outcome.QUEUE_FULL;
      case CLOSED -> Outcome.CLOSED;
    };
  }
}
