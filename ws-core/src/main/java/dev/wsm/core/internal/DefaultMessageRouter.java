package dev.wsm.core.internal;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.wsm.core.Delivery;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.DeliveryStats;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.MessageId;
import dev.wsm.core.MessageRouter;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.protocol.BinaryFrames;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Routes messages: encodes each once, appends room messages to their stream, keeps direct messages
 * for offline users in their inbox, fans out locally, and hands the frame to the cluster bus for the
 * other nodes. Never blocks: the only waits are on store stages.
 */
@Singleton
public final class DefaultMessageRouter implements MessageRouter {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DefaultMessageRouter.class);
  private final InMemoryConnectionPool pool;
  private final LocalRoomIndex index;
  private final RoomStore rooms;
  private final MessageStore messages;
  private final InboxStore inbox;
  private final ClusterBus bus;
  private final Clock clock;
  private final dev.wsm.core.ResumeOptions resume;
  private final DeliveryPressure pressure;
  private final String node = "node-" + MessageId.random().value();
  /**
   * Striped locks that make "append, then fan out" atomic per room, so every member receives a
   * room's messages in offset order even with many publishers. Striped rather than per room so
   * that nothing grows with the number of rooms ever seen.
   */
  private final Object[] roomLocks = new Object[256];
  /** Each connection gets an event relayed to several of its targets once. */
  private final EventCopies copies = new EventCopies();
  /** Finds and fills the room messages the bus lost; null unless the store is shared. */
  private final RoomGaps gaps;

  {
    for (int i = 0; i < roomLocks.length; i++) {
      roomLocks[i] = new Object();
    }
  }

  @Inject
  public DefaultMessageRouter(InMemoryConnectionPool pool, LocalRoomIndex index, RoomStore rooms,
      MessageStore messages, InboxStore inbox, ClusterBus bus, Clock clock,
      dev.wsm.core.ResumeOptions resume, DeliveryPressure pressure) {
    this.resume = resume;
    this.pressure = pressure;
    this.pool = pool;
    this.index = index;
    this.rooms = rooms;
    this.messages = messages;
    this.inbox = inbox;
    this.bus = bus;
    this.clock = clock;
    this.gaps = messages.shared()
        ? new RoomGaps(messages, index, this::lockOf, resume.maxRecovered()) : null;
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

  private Object lockOf(RoomId room) {
    return roomLocks[room.hashCode() & (roomLocks.length - 1)];
  }

  /**
   * Room messages this node recovered from the shared store after the cluster bus lost them (all
   * zero unless the message store is {@link MessageStore#shared() shared}).
   */
  public RoomGaps.Stats gapStats() {
    return gaps == null ? RoomGaps.Stats.NONE : gaps.stats();
  }

  @Override
  public CompletionStage<Delivery> send(Target target, OutboundMessage message) {
    StoredMessage m = toStored(message, target);
    if (message.delivery() != DeliveryClass.RELIABLE) {
      return sendUnstored(target, m, message.delivery(), message.key());
    }
    if (target instanceof Target.ToRoom room) {
      return rooms.find(room.id()).thenCompose(found -> {
        if (found.isEmpty()) {
          return Futures.failed(ErrorCode.NOT_FOUND, "no such room: " + room.id());
        }
        return publish(m, skipFor(room), target);
      });
    } else if (target instanceof Target.ToUser user) {
      return direct(m, user.id(), target);
    } else if (target instanceof Target.ToConnection conn) {
      LiveConnection c = pool.live(conn.id());
      OutboundFrame frame = frame("direct", m);
      if (c == null) {
        bus.publish(new ClusterMessage(node, target, frame));
      }
      return Futures.done(Fanout.deliverAs(m.id(), c == null ? List.of() : List.of(c),
          Fanout.none(), frame, DeliveryClass.RELIABLE, null, pressure, spillTo(m)));
    } else if (target instanceof Target.ToAll all) {
      return broadcast(m, pool.liveAll(), c -> skip(all, c), target);
    } else if (target instanceof Target.ToLabel label) {
      return broadcast(m, pool.liveAll(), c -> !c.labels().contains(label.label()), target);
    } else {
      Target.Matching matching = (Target.Matching) target;
      return broadcast(m, pool.liveAll(), c -> !matching.predicate().test(c), null);
    }
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
    OutboundFrame frame = frame("message", stored);
    if (clusterTarget != null) {
      long offset = clusterTarget instanceof Target.ToRoom ? stored.offset() : 0;
      bus.publish(new ClusterMessage(node, clusterTarget, frame, offset));
    }
    if (gaps != null) {
      gaps.deliveredHere(stored.room(), stored.offset());
    }
    return Fanout.deliverToRoom(stored.id(), stored.room(), stored.offset(),
        index.members(stored.room()), skip, frame, resume.maxRecovered());
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
    Object lock = roomLocks[room.hashCode() & (roomLocks.length - 1)];
    synchronized (lock) {
      LiveConnection.RecoveryBuffer held = c.endRecovery(room);
      boolean overflowed = held != null && held.overflowed;
      if (overflowed) {
        c.send(overflow);
      } else {
        for (StoredMessage m : missed) {
          c.send(frame("message", m));
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
    Object lock = roomLocks[room.hashCode() & (roomLocks.length - 1)];
    synchronized (lock) {
      LiveConnection.RecoveryBuffer held = c.endRecovery(room);
      if (held != null) {
        held.held.forEach(h -> c.send(h.frame()));
      }
    }
  }

  /**
   * Keeps a direct message in the user's inbox until a device acknowledges it, then sends it to
   * every device of the user here and to the other nodes. A device that connects later gets it
   * from the inbox; clients deduplicate by id. If the inbox cannot keep it (the store fails), the
   * message still goes to the devices connected now ({@code queued} false); with none connected,
   * the stage fails.
   */
  public CompletionStage<Delivery> direct(StoredMessage message, UserId user, Target clusterTarget) {
    return inbox.enqueue(user, message).handle((seq, error) -> {
      // The inbox's sequence number goes out with the message, so that a client can ack up to it.
      OutboundFrame frame = frame("direct",
          seq != null && seq > 0 ? message.withOffset(seq) : message);
      if (clusterTarget != null) {
        bus.publish(new ClusterMessage(node, clusterTarget, frame));
      }
      Delivery live = Fanout.deliver(message.id(), pool.liveByUser(user), Fanout.none(), frame,
          OptionalLong.empty());
      if (error != null) {
        if (live.delivered() == 0) {
          throw error instanceof java.util.concurrent.CompletionException ce ? ce
              : new java.util.concurrent.CompletionException(error);
        }
        log.warn("The inbox of {} could not keep message {}; sent to its connected devices only",
            user, message.id(), Futures.unwrap(error));
      }
      return new Delivery(live.id(), live.recipients(), live.delivered(), live.dropped(),
          error == null, OptionalLong.empty());
    });
  }

  private CompletionStage<Delivery> broadcast(StoredMessage m, Iterable<LiveConnection> all,
      Predicate<LiveConnection> skip, Target clusterTarget) {
    OutboundFrame frame = frame("broadcast", m);
    if (clusterTarget != null) {
      bus.publish(new ClusterMessage(node, clusterTarget, frame));
    }
    return Futures.done(Fanout.deliverAs(m.id(), all, skip, frame, DeliveryClass.RELIABLE, null,
        pressure, spillTo(m)));
  }

  /**
   * Puts a reliable message that a connection's full queue could not take into its user's inbox,
   * so that it arrives (as a {@code direct} frame with the same id) when a device connects.
   */
  private java.util.function.Consumer<LiveConnection> spillTo(StoredMessage m) {
    return c -> {
      StoredMessage kept = new StoredMessage(m.id(), null, c.user(), m.from(), m.event(), m.data(),
          m.binary(), m.parent(), m.timestamp(), m.expiresAt(), 0);
      inbox.enqueue(c.user(), kept).whenComplete((added, error) -> {
        if (error != null) {
          log.warn("Message {} for slow consumer {} could not be kept in the inbox", m.id(),
              c.id(), Futures.unwrap(error));
        } else {
          pressure.spilled(c, m.id());
        }
      });
    };
  }

  /**
   * Sends an ephemeral or state message: never stored, no offset, shed under pressure as its class
   * says. A room target must exist; a user target reaches only the devices connected now.
   */
  private CompletionStage<Delivery> sendUnstored(Target target, StoredMessage m, DeliveryClass cls,
      String key) {
    if (target instanceof Target.ToRoom room) {
      return rooms.find(room.id()).thenApply(found -> {
        if (found.isEmpty()) {
          throw new java.util.concurrent.CompletionException(
              new dev.wsm.core.WsException(ErrorCode.NOT_FOUND, "no such room: " + room.id()));
        }
        return publishUnstored(m, cls, key, skipFor(room), target);
      });
    }
    String type = target instanceof Target.ToUser || target instanceof Target.ToConnection
        ? "direct" : "broadcast";
    OutboundFrame frame = ServerFrames.message(type, m, cls, key);
    Iterable<LiveConnection> recipients;
    Predicate<LiveConnection> skip = Fanout.none();
    Target clusterTarget = target;
    if (target instanceof Target.ToUser user) {
      recipients = pool.liveByUser(user.id());
    } else if (target instanceof Target.ToConnection conn) {
      LiveConnection c = pool.live(conn.id());
      recipients = c == null ? List.of() : List.of(c);
      clusterTarget = c == null ? target : null;
    } else if (target instanceof Target.ToAll all) {
      recipients = pool.liveAll();
      skip = c -> skip(all, c);
    } else if (target instanceof Target.ToLabel label) {
      recipients = pool.liveAll();
      skip = c -> !c.labels().contains(label.label());
    } else {
      Target.Matching matching = (Target.Matching) target;
      recipients = pool.liveAll();
      skip = c -> !matching.predicate().test(c);
      clusterTarget = null;
    }
    if (clusterTarget != null) {
      bus.publish(new ClusterMessage(node, clusterTarget, frame, cls, key));
    }
    return Futures.done(Fanout.deliverAs(m.id(), recipients, skip, frame, cls, key, pressure,
        null));
  }

  /**
   * Sends an ephemeral or state message to a room's members here (less {@code skip}) and to the
   * other nodes, without appending it to the room's stream.
   */
  public Delivery publishUnstored(StoredMessage m, DeliveryClass cls, String key,
      Predicate<LiveConnection> skip, Target clusterTarget) {
    OutboundFrame frame = ServerFrames.message("message", m, cls, key);
    if (clusterTarget != null) {
      bus.publish(new ClusterMessage(node, clusterTarget, frame, cls, key));
    }
    return Fanout.deliverAs(m.id(), index.members(m.room()), skip, frame, cls, key, pressure, null);
  }

  /** Sends waiting state frames to drained queues and reports shedding (the hub's timer). */
  public void sweepPressure() {
    pressure.sweep();
  }

  /** Counts a connection closed because its outbound queue overflowed. */
  public void slowConsumerClosed() {
    pressure.slowConsumerClosed();
  }

  /** What load shedding did on this node. */
  @Override
  public DeliveryStats stats() {
    return pressure.stats();
  }

  /** This node's id in the cluster: the origin of what it publishes on the bus. */
  public String node() {
    return node;
  }

  /**
   * Hands an event frame (joined, left, typing, presence) to the other nodes, which deliver it to
   * their connections matching {@code target}; false if the bus dropped it.
   */
  public boolean relay(Target target, OutboundFrame frame) {
    return bus.publish(new ClusterMessage(node, target, frame));
  }

  /** As {@link #relay(Target, OutboundFrame)}, for a state event (presence, typing) of {@code key}. */
  public boolean relayState(Target target, OutboundFrame frame, String key) {
    return bus.publish(new ClusterMessage(node, target, frame, DeliveryClass.STATE, key));
  }

  /**
   * The bus may have lost messages of other nodes: with a shared store, re-reads the rooms with
   * members here and delivers what they missed. Does nothing otherwise. Never blocks.
   */
  public void resync() {
    if (gaps != null) {
      gaps.resync();
    }
  }

  /** Hands a command to the other nodes; false if the bus dropped it. */
  public boolean relay(dev.wsm.core.spi.ClusterCommand command) {
    return bus.publish(command);
  }

  /**
   * Delivers a frame that another node sent, to this node's matching connections; copies of one
   * event sent to several targets (presence: the user and each of its rooms) reach each connection
   * once.
   */
  public void onClusterMessage(ClusterMessage message) {
    if (message.origin().equals(node)) {
      return;
    }
    OutboundFrame frame = message.frame();
    Target target = message.target();
    DeliveryClass cls = message.delivery();
    String key = message.key();
    if (target instanceof Target.ToRoom room && message.offset() > 0 && gaps != null) {
      gaps.received(room, message);
    } else if (target instanceof Target.ToRoom room) {
      sendOnce(index.members(room.id()), skipFor(room), message);
    } else if (target instanceof Target.ToUser user) {
      sendOnce(pool.liveByUser(user.id()), Fanout.none(), message);
    } else if (target instanceof Target.ToConnection conn) {
      LiveConnection c = pool.live(conn.id());
      if (c != null) {
        pressure.send(c, frame, cls, key);
      }
    } else if (target instanceof Target.ToAll all) {
      Fanout.sendAs(pool.liveAll(), c -> skip(all, c), frame, cls, key, pressure);
    } else if (target instanceof Target.ToLabel label) {
      Fanout.sendAs(pool.liveAll(), c -> !c.labels().contains(label.label()), frame, cls, key,
          pressure);
    }
  }

  /**
   * Sends a frame from another node, as its delivery class says, to each recipient not skipped
   * that no copy reached yet.
   */
  private void sendOnce(Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip,
      ClusterMessage message) {
    java.util.Set<LiveConnection> served = copies.served(message.origin(), message.frame());
    synchronized (served) {
      for (LiveConnection c : recipients) {
        if (!skip.test(c) && served.add(c)) {
          pressure.send(c, message.frame(), message.delivery(), message.key());
        }
      }
    }
  }

  /** The frame of a stored message: a binary frame for binary data, else JSON of {@code type}. */
  public static OutboundFrame frame(String type, StoredMessage m) {
    return m.binary() ? BinaryFrames.encode(m.room(), m.from(), m.data()) : ServerFrames.message(type, m);
  }

  static Predicate<LiveConnection> skipFor(Target.ToRoom room) {
    if (room.exceptConnections().isEmpty() && room.exceptUsers().isEmpty()) {
      return Fanout.none();
    }
    return c -> room.exceptConnections().contains(c.id()) || room.exceptUsers().contains(c.user());
  }

  private static boolean skip(Target.ToAll all, LiveConnection c) {
    return all.exceptConnections().contains(c.id()) || all.exceptUsers().contains(c.user());
  }

  private StoredMessage toStored(OutboundMessage message, Target target) {
    RoomId room = target instanceof Target.ToRoom r ? r.id() : null;
    UserId to = target instanceof Target.ToUser u ? u.id() : null;
    byte[] data;
    boolean binary = false;
    Payload payload = message.payload();
    if (payload instanceof Payload.Json json) {
      data = ServerFrames.jsonBytes(json.value());
    } else if (payload instanceof Payload.Text text) {
      data = ServerFrames.jsonBytes(TextNode.valueOf(text.value()));
    } else {
      data = ((Payload.Binary) payload).value();
      binary = true;
    }
    return new StoredMessage(MessageId.random(), room, to, message.from(), message.event(), data,
        binary, null, clock.instant(), null, 0);
  }
}
