package dev.wsm.core.internal;

import dev.wsm.core.Delivery;
import dev.wsm.core.MessageId;
import dev.wsm.core.OutboundMessage;
import dev.wsm.core.Payload;
import dev.wsm.core.Target;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A client's direct messages, to every device of a user (kept in the user's inbox, see {@link
 * InboxDelivery}) or to one connection, and its {@code ack}s of what its inbox holds.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: the inbox's stages
 * complete on the store's thread, where the delivery and the reply happen.
 */
@Singleton
public final class DirectFrames {
  private final InboxDelivery inbox;
  private final DefaultMessageRouter router;
  private final InboxAcks inboxAcks;
  private final Clock clock;
  private final Requests requests;

  @Inject
  public DirectFrames(InboxDelivery inbox, DefaultMessageRouter router, InboxAcks inboxAcks,
      Clock clock, Requests requests) {
    this.inbox = inbox;
    this.router = router;
    this.inboxAcks = inboxAcks;
    this.clock = clock;
    this.requests = requests;
  }

  void direct(LiveConnection c, ClientFrame.Direct d) {
    Instant now = clock.instant();
    StoredMessage m = new StoredMessage(MessageId.random(), null, d.to(), c.user(), d.event(),
        ServerFrames.jsonBytes(d.data()), false, null, now, PublishFrames.expiry(now, d.ttl()), 0);
    CompletionStage<Delivery> sent = requests.allowed(
        new Access.Direct(c, Optional.ofNullable(d.to()), Optional.ofNullable(d.connection())),
        () -> d.to() != null
            ? inbox.direct(m, d.to(), Target.user(d.to()))
            : router.send(Target.connection(d.connection()), OutboundMessage
                .of(Payload.json(d.data())).withEvent(d.event()).withFrom(c.user())));
    requests.reply(c, d.ref(), sent, del -> g -> {
      g.writeStringField("id", del.id().value());
      g.writeNumberField("delivered", del.delivered());
      g.writeBooleanField("queued", del.queued());
    });
  }

  void ack(LiveConnection c, ClientFrame.Ack a) {
    requests.reply(c, a.ref(), inboxAcks.ack(c, a), n -> g -> g.writeNumberField("acked", n));
  }
}
