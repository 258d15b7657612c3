package dev.wsm.core.internal;

import dev.wsm.core.Delivery;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Appends room messages to their stream and fans each out here, encoded once, in offset order, and
 * to the other nodes; ends a connection's recovery of a room atomically with that fan-out; with a
 * shared store, tracks the rooms' offsets to fill what the bus lost ({@link RoomGaps}).
 *
 * <p>Threading: called on transport threads, application threads and store completions. Never
 * blocks but on a room's striped lock, held for one append call and one fan-out; an asynchronous
 * store's append completes, and its fan-out runs, on the store's thread.
 */
@Singleton
public final class RoomFanout {
  /**
   * Striped locks that make "append, then fan out" atomic per room, so every member receives a
   * room's messages in offset order even with many publishers. Striped rather than per room so
   * that nothing grows with the number of rooms ever seen.
   */
  private final Object[] roomLocks = new Object[256];
  private final MessageStore messages;
  private final LocalRoomIndex index;
  private final ClusterRelay relay;
  private final int holdLimit;
  /** Finds and fills the room messages the bus lost; null unless the store is shared. */
  private final RoomGaps gaps;

  {
    for (int i = 0; i < roomLocks.length; i++) {
      roomLocks[i] = new Object();
    }
  }

  @Inject
  public RoomFanout(MessageStore messages, LocalRoomIndex index, ClusterRelay relay,
      ResumeOptions resume) {
    this.messages = messages;
    this.index = index;
    this.relay = relay;
    this.holdLimit = resume.maxRecovered();
    this.gaps = messages.shared()
        ? new RoomGaps(messages, index, this::lockOf, resume.maxRecovered()) : null;
  }

  /**
   * Appends a room message to its stream, then sends it to the room's members here (less {@code
   * skip}) and to the other nodes. {@code clusterTarget} null means local only.
   */
  public CompletionStage<Delivery> publish(StoredMessage message, Predicate<LiveConnection> skip,
      Target clusterTarget) {
    Object lock = roomLocks[message.room().hashCode() & (roomLocks.length - 1)];
    synchronized (lock) {
      var appended = messages.append(message).toCompletableFuture();
      if (appended.isDone() && !appended.isCompletedExceptionally()) {
        // A synchronous store: fan out under the lock, so fan-out order is offset order.
        return Futures.done(fanOut(appended.join(), skip, clusterTarget));
      }
      // An asynchronous store completes appends in offset order on its writer; keep that order.
      return appended.thenApply(stored -> {
        synchronized (lock) {
          return fanOut(stored, skip, clusterTarget);
        }
      });
    }
  }

  private Delivery fanOut(StoredMessage stored, Predicate<LiveConnection> skip, Target clusterTarget) {
    OutboundFrame frame = MessageFrames.frame("message", stored);
    if (clusterTarget != null) {
      long offset = clusterTarget instanceof Target.ToRoom ? stored.offset() : 0;
      relay.relay(clusterTarget, frame, offset);
    }
    if (gaps != null) {
      gaps.deliveredHere(stored.room(), stored.offset());
    }
    return Fanout.deliverToRoom(stored.id(), stored.room(), stored.offset(),
        index.members(stored.room()), skip, frame, holdLimit);
  }

  /**
   * A connection here joined or resumed {@code room} while its stream stood at {@code offset}: with
   * a shared store, this node tracks the room's offsets from there (see {@link RoomGaps}).
   */
  public void trackFrom(RoomId room, long offset) {
    if (gaps != null) {
      synchronized (lockOf(room)) {
        gaps.joinedAt(room, offset);
      }
    }
  }

  /**
   * Ends the recovery of {@code room} for {@code c}, atomically with respect to the room's fan-out:
   * sends {@code missed} (in offset order), then {@code result}, then the live frames held back
   * meanwhile whose offset is above {@code after} (the last offset the client then has). If held
   * frames had to be dropped (more than {@code maxRecovered} arrived), sends {@code overflow}
   * instead of the missed messages and {@code result}, then every held frame, and returns false.
   */
  public boolean completeRecovery(LiveConnection c, RoomId room, List<StoredMessage> missed,
      long after, OutboundFrame result, OutboundFrame overflow) {
    synchronized (lockOf(room)) {
      LiveConnection.RecoveryBuffer held = c.endRecovery(room);
      boolean overflowed = held != null && held.overflowed;
      if (overflowed) {
        c.send(overflow);
      } else {
        for (StoredMessage m : missed) {
          c.send(MessageFrames.frame("message", m));
        }
        c.send(result);
      }
      long sentUpTo = overflowed ? 0 : after;
      if (held != null) {
        for (LiveConnection.RecoveryBuffer.Held h : held.held) {
          if (overflowed || h.offset() > after) {
            c.send(h.frame());
            sentUpTo = Math.max(sentUpTo, h.offset());
          }
        }
      }
      // Messages already committed may still be on their way to the fan-out; drop them on arrival.
      c.floorRecovery(room, sentUpTo);
      return !overflowed;
    }
  }

  /** Stops holding back frames of {@code room} for {@code c} and sends what was held. */
  public void abandonRecovery(LiveConnection c, RoomId room) {
    synchronized (lockOf(room)) {
      LiveConnection.RecoveryBuffer held = c.endRecovery(room);
      if (held != null) {
        held.held.forEach(h -> c.send(h.frame()));
      }
    }
  }

  /**
   * Room messages this node recovered from the shared store after the cluster bus lost them (all
   * zero unless the message store is {@link MessageStore#shared() shared}).
   */
  public RoomGaps.Stats gapStats() {
    return gaps == null ? RoomGaps.Stats.NONE : gaps.stats();
  }

  /** The tracker of bus losses, or null unless the message store is shared. */
  RoomGaps gaps() {
    return gaps;
  }

  private Object lockOf(RoomId room) {
    return roomLocks[room.hashCode() & (roomLocks.length - 1)];
  }
}
