package dev.wsm.core.internal;

import dev.wsm.core.Delivery;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages a user's inbox keeps until a device acknowledges them: direct messages, and reliable
 * messages a slow consumer's full queue could not take (the spill).
 *
 * <p>Threading: called on transport threads, application threads and during fan-outs (the spill,
 * possibly under a room's lock). Never blocks: the inbox's stage completes on the store's thread,
 * where the live delivery and the spill's bookkeeping then run.
 */
@Singleton
public final class InboxDelivery {
  private static final Logger log = LoggerFactory.getLogger(InboxDelivery.class);
  private final InboxStore inbox;
  private final InMemoryConnectionPool pool;
  private final ClusterRelay relay;
  private final DeliveryPressure pressure;

  @Inject
  public InboxDelivery(InboxStore inbox, InMemoryConnectionPool pool, ClusterRelay relay,
      DeliveryPressure pressure) {
    this.inbox = inbox;
    this.pool = pool;
    this.relay = relay;
    this.pressure = pressure;
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
      OutboundFrame frame = MessageFrames.frame("direct",
          seq != null && seq > 0 ? message.withOffset(seq) : message);
      if (clusterTarget != null) {
        relay.relay(clusterTarget, frame);
      }
      Delivery live = Fanout.deliver(message.id(), pool.liveByUser(user), Fanout.none(), frame,
          OptionalLong.empty());
      if (error != null) {
        if (live.delivered() == 0) {
          throw error instanceof CompletionException ce ? ce : new CompletionException(error);
        }
        log.warn("The inbox of {} could not keep message {}; sent to its connected devices only",
            user, message.id(), Futures.unwrap(error));
      }
      return new Delivery(live.id(), live.recipients(), live.delivered(), live.dropped(),
          error == null, OptionalLong.empty());
    });
  }

  /**
   * Puts a reliable message that a connection's full queue could not take into its user's inbox,
   * so that it arrives (as a {@code direct} frame with the same id) when a device connects. One
   * consumer per message; it runs only for connections that overflowed.
   */
  Consumer<LiveConnection> spillTo(StoredMessage m) {
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
}
