package dev.wsm.core.internal;

import dev.wsm.core.Delivery;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.Target;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Ephemeral and state messages (see {@link DeliveryClass}): never stored, no offset, no history;
 * shed under pressure as their class says ({@link DeliveryPressure}), here and on the other nodes.
 *
 * <p>Threading: called on transport threads and application threads; a room target's fan-out runs
 * where the room store's lookup completes. Never blocks.
 */
@Singleton
public final class UnstoredDelivery {
  private final RoomStore rooms;
  private final InMemoryConnectionPool pool;
  private final LocalRoomIndex index;
  private final ClusterRelay relay;
  private final DeliveryPressure pressure;

  @Inject
  public UnstoredDelivery(RoomStore rooms, InMemoryConnectionPool pool, LocalRoomIndex index,
      ClusterRelay relay, DeliveryPressure pressure) {
    this.rooms = rooms;
    this.pool = pool;
    this.index = index;
    this.relay = relay;
    this.pressure = pressure;
  }

  /**
   * Sends an ephemeral or state message of class {@code cls}. A room target must exist; a user
   * target reaches only the devices connected now.
   */
  CompletionStage<Delivery> send(Target target, StoredMessage m, DeliveryClass cls, String key) {
    if (target instanceof Target.ToRoom room) {
      return rooms.find(room.id()).thenApply(found -> {
        if (found.isEmpty()) {
          throw new CompletionException(
              new WsException(ErrorCode.NOT_FOUND, "no such room: " + room.id()));
        }
        return publish(m, cls, key, MessageFrames.skipFor(room), target);
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
      skip = c -> MessageFrames.skips(all, c);
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
      relay.relay(clusterTarget, frame, cls, key);
    }
    return Futures.done(Fanout.deliverAs(m.id(), recipients, skip, frame, cls, key, pressure,
        null));
  }

  /**
   * Sends an ephemeral or state message to a room's members here (less {@code skip}) and to the
   * other nodes, without appending it to the room's stream. {@code clusterTarget} null means local
   * only.
   */
  public Delivery publish(StoredMessage m, DeliveryClass cls, String key,
      Predicate<LiveConnection> skip, Target clusterTarget) {
    OutboundFrame frame = ServerFrames.message("message", m, cls, key);
    if (clusterTarget != null) {
      relay.relay(clusterTarget, frame, cls, key);
    }
    return Fanout.deliverAs(m.id(), index.members(m.room()), skip, frame, cls, key, pressure, null);
  }
}
