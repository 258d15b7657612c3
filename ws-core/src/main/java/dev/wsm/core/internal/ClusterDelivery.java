package dev.wsm.core.internal;

import dev.wsm.core.DeliveryClass;
import dev.wsm.core.Target;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.OutboundFrame;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Delivers what other nodes sent over the {@link ClusterBus} to this node's matching connections,
 * each copy of one event once; a room message with an offset goes through {@link RoomGaps} when
 * the message store is shared.
 *
 * <p>Threading: called on the bus's receiving thread(s). Never blocks: sends only queue frames; a
 * room message tracked for gaps takes its room's fan-out lock briefly.
 */
@Singleton
public final class ClusterDelivery {
  private final ClusterRelay relay;
  private final InMemoryConnectionPool pool;
  private final LocalRoomIndex index;
  private final DeliveryPressure pressure;
  /** Finds and fills the room messages the bus lost; null unless the store is shared. */
  private final RoomGaps gaps;
  /** Each connection gets an event relayed to several of its targets once. */
  private final EventCopies copies = new EventCopies();

  @Inject
  public ClusterDelivery(ClusterRelay relay, InMemoryConnectionPool pool, LocalRoomIndex index,
      DeliveryPressure pressure, RoomFanout rooms) {
    this.relay = relay;
    this.pool = pool;
    this.index = index;
    this.pressure = pressure;
    this.gaps = rooms.gaps();
  }

  /**
   * Delivers a frame that another node sent, to this node's matching connections; copies of one
   * event sent to several targets (presence: the user and each of its rooms) reach each connection
   * once. Ignores what this node sent itself.
   */
  public void onClusterMessage(ClusterMessage message) {
    if (message.origin().equals(relay.node())) {
      return;
    }
    OutboundFrame frame = message.frame();
    Target target = message.target();
    DeliveryClass cls = message.delivery();
    String key = message.key();
    if (target instanceof Target.ToRoom room && message.offset() > 0 && gaps != null) {
      gaps.received(room, message);
    } else if (target instanceof Target.ToRoom room) {
      sendOnce(index.members(room.id()), MessageFrames.skipFor(room), message);
    } else if (target instanceof Target.ToUser user) {
      sendOnce(pool.liveByUser(user.id()), Fanout.none(), message);
    } else if (target instanceof Target.ToConnection conn) {
      LiveConnection c = pool.live(conn.id());
      if (c != null) {
        pressure.send(c, frame, cls, key);
      }
    } else if (target instanceof Target.ToAll all) {
      Fanout.sendAs(pool.liveAll(), c -> MessageFrames.skips(all, c), frame, cls, key, pressure);
    } else if (target instanceof Target.ToLabel label) {
      Fanout.sendAs(pool.liveAll(), c -> !c.labels().contains(label.label()), frame, cls, key,
          pressure);
    }
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

  /**
   * Sends a frame from another node, as its delivery class says, to each recipient not skipped
   * that no copy reached yet.
   */
  private void sendOnce(Iterable<LiveConnection> recipients, Predicate<LiveConnection> skip,
      ClusterMessage message) {
    Set<LiveConnection> served = copies.served(message.origin(), message.frame());
    synchronized (served) {
      for (LiveConnection c : recipients) {
        if (!skip.test(c) && served.add(c)) {
          pressure.send(c, message.frame(), message.delivery(), message.key());
        }
      }
    }
  }
}
