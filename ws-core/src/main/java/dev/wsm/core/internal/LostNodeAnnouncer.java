package dev.wsm.core.internal;

import dev.wsm.core.ResumeOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ClusterCommand;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Announces what a dead node's connections would have announced on a normal disconnect, when
 * this node removed them from the store ({@link ClusterCommand.NodeLost}): the rooms' {@code left}
 * for users with no member connection left there, then the new presence of each user who still
 * has a device on a live node (a user with none left reads offline, unannounced, as on a close). A dead node's connections dropped without a close, so the presence grace
 * ({@link ResumeOptions#presenceGrace()}) applies from when the node fell silent: what is left of it
 * is waited before announcing, and a user back by then is not announced leaving.
 */
@Singleton
public final class LostNodeAnnouncer {
  private final DefaultPresenceTracker presence;
  private final DefaultRoomRegistry rooms;
  private final ResumeOptions resume;

  @Inject
  public LostNodeAnnouncer(DefaultPresenceTracker presence, DefaultRoomRegistry rooms,
      ResumeOptions resume) {
    this.presence = presence;
    this.rooms = rooms;
    this.resume = resume;
  }

  /** Announces a lost node's users and room departures, after the rest of the grace; never blocks. */
  public void announce(ClusterCommand.NodeLost lost) {
    long wait = resume.presenceGrace().minus(lost.silentFor()).toMillis();
    if (wait <= 0) {
      announceNow(lost);
    } else {
      CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS)
          .execute(() -> announceNow(lost));
    }
  }

  private void announceNow(ClusterCommand.NodeLost lost) {
    Map<UserId, Set<RoomId>> roomsOf = new HashMap<>();
    for (ClusterCommand.Membership m : lost.memberships()) {
      roomsOf.computeIfAbsent(m.user(), u -> new HashSet<>()).add(m.room());
      if (m.userLeft()) {
        rooms.leftOnLostNode(m.room(), m.user());
      }
    }
    for (UserId user : lost.users()) {
      presence.lostDevices(user, roomsOf.getOrDefault(user, Set.of()));
    }
  }
}
