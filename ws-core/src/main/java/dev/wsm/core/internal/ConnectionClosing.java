package dev.wsm.core.internal;

import dev.wsm.core.ResumeOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.ConnectionStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection: releases its {@link ConnectionSlots}, leaves its rooms and goes offline (at
 * once when the client left, after the resume grace otherwise, so that a reconnect does not flap),
 * and announces it (the connection store, the listeners).
 *
 * <p>Threading: called on the connection's transport thread, once, after its last frame; the
 * delayed offline runs on the common pool's delayed executor. Never blocks.
 */
@Singleton
public final class ConnectionClosing {
  private static final Logger log = LoggerFactory.getLogger(ConnectionClosing.class);
  private final ConnectionSlots slots;
  private final ResumeOptions resume;
  private final DefaultPresenceTracker presence;
  private final DefaultRoomRegistry rooms;
  private final ConnectionStore connections;
  private final Callbacks callbacks;
  private final Clock clock;
  private volatile boolean stopping;

  @Inject
  public ConnectionClosing(ConnectionSlots slots, ResumeOptions resume,
      DefaultPresenceTracker presence, DefaultRoomRegistry rooms, ConnectionStore connections,
      Callbacks callbacks, Clock clock) {
    this.slots = slots;
    this.resume = resume;
    this.presence = presence;
    this.rooms = rooms;
    this.connections = connections;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  /**
   * The hub is shutting down: connections closed from now on do not leave their rooms. Their
   * memberships die with this node (a durable store clears them at its next start), and the rooms
   * they kept alive, with their history, stay for the clients to come back to after the restart.
   * Called on the thread shutting the hub down.
   */
  void stopping() {
    stopping = true;
  }

  void close(LiveConnection c, int code, String reason, boolean remote) {
    log.debug("{} closed: {} {} (remote {})", c.id(), code, reason, remote);
    c.markClosed();
    slots.release(c, code);
    // A normal closure (1000, or 1005: a close frame without a code) means the client left; any
    // other end (a dropped network, 1001 of a page reload, a heartbeat timeout) may be followed by
    // a reconnect: hold its place for the grace.
    Duration grace = code == 1000 || code == 1005 ? Duration.ZERO : resume.presenceGrace();
    if (!stopping) {
      for (RoomId room : List.copyOf(c.roomSet())) {
        presence.left(c, room);
        rooms.leaveAfter(c, room, grace);
      }
    }
    if (grace.isZero() || stopping) {
      presence.disconnected(c);
    } else {
      // Within the grace a reconnect keeps the user online: no offline, online flap.
      CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> presence.disconnected(c));
    }
    connections.disconnected(c.id(), clock.instant(), c.messagesReceived());
    callbacks.emit(l -> l.onDisconnect(c, code, reason));
  }
}
