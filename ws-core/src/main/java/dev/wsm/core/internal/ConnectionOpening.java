package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.HubOptions;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.ConnectionRecord;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.TransportSession;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Opens an accepted connection: claims its {@link ConnectionSlots}, attaches it to its session,
 * sends the {@code welcome}, announces it (presence, the connection store, the listeners) and
 * sends the user's pending direct messages.
 *
 * <p>Threading: called on the connection's transport thread, once, before any of its frames.
 * Never blocks: stores and listeners are reached through stages and the callback pool.
 */
@Singleton
public final class ConnectionOpening {
  private final ConnectionSlots slots;
  private final SessionTokens sessions;
  private final HubOptions options;
  private final Clock clock;
  private final DefaultPresenceTracker presence;
  private final ConnectionStore connections;
  private final Callbacks callbacks;
  private final InboxAcks inboxAcks;

  @Inject
  public ConnectionOpening(ConnectionSlots slots, SessionTokens sessions, HubOptions options,
      Clock clock, DefaultPresenceTracker presence, ConnectionStore connections,
      Callbacks callbacks, InboxAcks inboxAcks) {
    this.slots = slots;
    this.sessions = sessions;
    this.options = options;
    this.clock = clock;
    this.presence = presence;
    this.connections = connections;
    this.callbacks = callbacks;
    this.inboxAcks = inboxAcks;
  }

  void open(TransportSession session, Principal principal) {
    LiveConnection c = new LiveConnection(ConnectionId.random(), principal, session, clock);
    var claimed = slots.claim(c, session);
    if (claimed.isEmpty()) {
      return;
    }
    var reservation = claimed.get();
    session.attach(c);
    c.send(ServerFrames.welcome(c.id(), c.user(), sessions.issue(c.user()),
        options.heartbeatInterval(),
        options.heartbeatTimeout(), clock.instant()));
    slots.enforceQuota(c, reservation);
    presence.connected(c);
    connections.connected(new ConnectionRecord(c.id(), c.user(), c.labels(), c.metadata(),
        String.valueOf(c.remoteAddress()), c.connectedAt()));
    callbacks.emit(l -> l.onConnect(c));
    // The user's pending direct messages; they stay in the inbox until the client acks them.
    inboxAcks.deliver(c);
  }
}
