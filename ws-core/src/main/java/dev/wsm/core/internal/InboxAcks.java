package dev.wsm.core.internal;

import dev.wsm.core.AckScope;
import dev.wsm.core.DeviceId;
import dev.wsm.core.InboxOptions;
import dev.wsm.core.MessageId;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's view of its user's inbox, by {@link InboxOptions#ackScope()}: what it is sent on
 * connect and what its acks clear. In {@link AckScope#DEVICE} mode a connection with a {@link
 * DeviceId} gets the messages above its device's position, and its acks move that position; an id
 * ack moves it over the longest run of the device's pending messages, oldest first, that the ack
 * names (ids after a gap stay pending and come again). Without a device id, or in {@link
 * AckScope#USER} mode, acks remove messages from the inbox for every device.
 */
@Singleton
public final class InboxAcks {
  private static final Logger log = LoggerFactory.getLogger(InboxAcks.class);
  static final int BATCH = 1000;

  private final InboxStore inbox;
  private final InboxOptions options;
  private final Clock clock;

  @Inject
  public InboxAcks(InboxStore inbox, InboxOptions options, Clock clock) {
    this.inbox = inbox;
    this.options = options;
    this.clock = clock;
  }

  /** Sends the pending direct messages for {@code c}; they stay in the inbox until acked. */
  public void deliver(LiveConnection c) {
    Optional<DeviceId> device = device(c);
    CompletionStage<Long> after = device.isPresent()
        ? inbox.device(c.user(), device.get(), clock.instant())
        : Futures.done(0L);
    after.thenCompose(position -> inbox.pending(c.user(), position, BATCH)).thenAccept(pending -> {
      for (StoredMessage m : pending) {
        c.send(MessageFrames.frame("direct", m));
      }
    }).exceptionally(e -> {
      log.warn("Could not read the inbox of {}", c.user(), Futures.unwrap(e));
      return null;
    });
  }

  /** Carries out an ack from {@code c}; completes with how many messages it acked. */
  public CompletionStage<Integer> ack(LiveConnection c, ClientFrame.Ack ack) {
    Optional<DeviceId> device = device(c);
    if (device.isEmpty()) {
      return ack.upTo() > 0 ? inbox.removeUpTo(c.user(), ack.upTo()) : inbox.remove(c.user(), ack.ids());
    }
    DeviceId d = device.get();
    if (ack.upTo() > 0) {
      return inbox.ackDevice(c.user(), d, ack.upTo(), clock.instant());
    }
    Set<MessageId> named = new HashSet<>(ack.ids());
    return inbox.device(c.user(), d, clock.instant())
        .thenCompose(position -> inbox.pending(c.user(), position, BATCH))
        .thenCompose(pending -> {
          long upTo = leadingRun(pending, named);
          return upTo == 0 ? Futures.done(0) : inbox.ackDevice(c.user(), d, upTo, clock.instant());
        });
  }

  /** The sequence number of the last of the leading messages whose ids are all named; 0 if none. */
  static long leadingRun(List<StoredMessage> pending, Set<MessageId> named) {
    long upTo = 0;
    for (StoredMessage m : pending) {
      if (!named.contains(m.id())) {
        break;
      }
      upTo = m.offset();
    }
    return upTo;
  }

  private Optional<DeviceId> device(LiveConnection c) {
    return options.ackScope() == AckScope.DEVICE ? c.device() : Optional.empty();
  }
}
