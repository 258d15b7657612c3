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
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The {@link MessageRouter}: turns an application's message into a stored one, encoded once, and
 * routes it by target and delivery class: room messages to {@link RoomFanout}, direct messages to
 * {@link InboxDelivery}, ephemeral and state messages to {@link UnstoredDelivery}; a connection,
 * everyone, a label or a predicate it fans out itself, handing the frame to the other nodes over
 * {@link ClusterRelay}.
 *
 * <p>Threading: called on application threads, transport threads and the callback pool. Never
 * blocks: the only waits are on store stages (and a room's fan-out lock, see {@link RoomFanout}).
 */
@Singleton
public final class DefaultMessageRouter implements MessageRouter {
  private final InMemoryConnectionPool pool;
  private final RoomStore rooms;
  private final Clock clock;
  private final DeliveryPressure pressure;
  private final RoomFanout roomFanout;
  private final InboxDelivery inbox;
  private final UnstoredDelivery unstored;
  private final ClusterRelay relay;

  @Inject
  public DefaultMessageRouter(InMemoryConnectionPool pool, RoomStore rooms, Clock clock,
      DeliveryPressure pressure, RoomFanout roomFanout, InboxDelivery inbox,
      UnstoredDelivery unstored, ClusterRelay relay) {
    this.pool = pool;
    this.rooms = rooms;
    this.clock = clock;
    this.pressure = pressure;
    this.roomFanout = roomFanout;
    this.inbox = inbox;
    this.unstored = unstored;
    this.relay = relay;
  }

  @Override
  public CompletionStage<Delivery> send(Target target, OutboundMessage message) {
    StoredMessage m = toStored(message, target);
    if (message.delivery() != DeliveryClass.RELIABLE) {
      return unstored.send(target, m, message.delivery(), message.key());
    }
    if (target instanceof Target.ToRoom room) {
      return rooms.find(room.id()).thenCompose(found -> {
        if (found.isEmpty()) {
          return Futures.failed(ErrorCode.NOT_FOUND, "no such room: " + room.id());
        }
        return roomFanout.publish(m, MessageFrames.skipFor(room), target);
      });
    } else if (target instanceof Target.ToUser user) {
      return inbox.direct(m, user.id(), target);
    } else if (target instanceof Target.ToConnection conn) {
      LiveConnection c = pool.live(conn.id());
      OutboundFrame frame = MessageFrames.frame("direct", m);
      if (c == null) {
        relay.relay(target, frame);
      }
      return Futures.done(Fanout.deliverAs(m.id(), c == null ? List.of() : List.of(c),
          Fanout.none(), frame, DeliveryClass.RELIABLE, null, pressure, inbox.spillTo(m)));
    } else if (target instanceof Target.ToAll all) {
      return broadcast(m, pool.liveAll(), c -> MessageFrames.skips(all, c), target);
    } else if (target instanceof Target.ToLabel label) {
      return broadcast(m, pool.liveAll(), c -> !c.labels().contains(label.label()), target);
    } else {
      Target.Matching matching = (Target.Matching) target;
      return broadcast(m, pool.liveAll(), c -> !matching.predicate().test(c), null);
    }
  }

  /** What load shedding did on this node. */
  @Override
  public DeliveryStats stats() {
    return pressure.stats();
  }

  /** Sends to each of {@code all} here not skipped, and to the other nodes unless the target is null. */
  private CompletionStage<Delivery> broadcast(StoredMessage m, Iterable<LiveConnection> all,
      Predicate<LiveConnection> skip, Target clusterTarget) {
    OutboundFrame frame = MessageFrames.frame("broadcast", m);
    if (clusterTarget != null) {
      relay.relay(clusterTarget, frame);
    }
    return Futures.done(Fanout.deliverAs(m.id(), all, skip, frame,
        DeliveryClass.RELIABLE, null, pressure, inbox.spillTo(m)));
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
