package dev.wsm.core.internal;

import com.fasterxml.jackson.databind.node.BinaryNode;
import dev.wsm.core.Delivery;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.MessageId;
import dev.wsm.core.Target;
import dev.wsm.core.protocol.BinaryFrames;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * A client's messages to a room it has joined: {@code publish} (reliable ones appended to the
 * room's stream by {@link RoomFanout}, ephemeral and state ones sent by {@link UnstoredDelivery})
 * and binary frames.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: the fan-out runs there
 * or where the store's append completes (see {@link RoomFanout}); listeners run on the callback
 * pool.
 */
@Singleton
public final class PublishFrames {
  private final RoomFanout fanout;
  private final UnstoredDelivery unstored;
  private final Callbacks callbacks;
  private final Clock clock;
  private final Requests requests;

  @Inject
  public PublishFrames(RoomFanout fanout, UnstoredDelivery unstored, Callbacks callbacks,
      Clock clock, Requests requests) {
    this.fanout = fanout;
    this.unstored = unstored;
    this.callbacks = callbacks;
    this.clock = clock;
    this.requests = requests;
  }

  void publish(LiveConnection c, ClientFrame.Publish p) {
    Requests.requireMember(c, p.room());
    Instant now = clock.instant();
    // Ephemeral and state messages are never stored: no offset, no history (Delivery classes).
    boolean stored = p.delivery() == DeliveryClass.RELIABLE;
    StoredMessage m = new StoredMessage(MessageId.random(), p.room(), null, c.user(), p.event(),
        p.data().utf8(), false, p.parent(), now, expiry(now, p.ttl()), 0);
    Predicate<LiveConnection> skip = p.echo() ? Fanout.none() : other -> other == c;
    CompletionStage<Delivery> published = requests.allowed(new Access.Publish(c, p.room()),
        () -> stored ? fanout.publish(m, skip, Target.room(p.room()))
            : CompletableFuture.completedFuture(unstored.publish(
                m, p.delivery(), p.key(), skip, Target.room(p.room()))));
    if (callbacks.listening()) { // no stage per publish for listeners that are not there
      published.thenRun(() -> callbacks.emit(l -> l.onMessage(c, p.room(), p.data().tree())));
    }
    requests.answer(c, p.ref(), published, d -> ServerFrames.published(p.ref(), d.id(),
        p.delivery(), d.offset().orElse(0), d.delivered()));
  }

  /** A decoded binary frame: a reliable binary message to its room; failures are answered unref'd. */
  void binary(LiveConnection c, BinaryFrames.Inbound in) {
    Requests.requireMember(c, in.room());
    StoredMessage m = new StoredMessage(MessageId.random(), in.room(), null, c.user(), null,
        in.payload(), true, null, clock.instant(), null, 0);
    CompletionStage<Delivery> published = requests.allowed(new Access.Publish(c, in.room()),
        () -> fanout.publish(m, other -> other == c, Target.room(in.room())));
    if (callbacks.listening()) {
      published.thenRun(() -> callbacks.emit(l -> l.onMessage(c, in.room(),
          BinaryNode.valueOf(in.payload()))));
    }
    requests.answer(c, null, published, d -> null); // no ref: only a failure is answered
  }

  /** When a message with time to live {@code ttl} (null: none) sent at {@code now} expires. */
  static Instant expiry(Instant now, Duration ttl) {
    return ttl == null ? null : now.plus(ttl);
  }
}
