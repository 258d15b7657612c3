package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.ServerFrames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typing indicators per room: started by a member, sent as {@code typing} to the room's other
 * members on every node, stopped by the member, by its leaving the room (when no other device of
 * the user is in it), or by the typing timeout ({@link HubOptions#typingTimeout()}) at a sweep.
 *
 * <p>Threading: any thread; never blocks.
 */
@Singleton
public final class TypingIndicators {
  private final InMemoryConnectionPool pool;
  private final LocalRoomIndex index;
  private final HubOptions options;
  private final DeliveryPressure pressure;
  private final ClusterRelay relay;
  /** Per room, the users typing and the deadline (System.nanoTime) of each indicator. */
  private final ConcurrentHashMap<RoomId, ConcurrentHashMap<UserId, Long>> typing =
      new ConcurrentHashMap<>();

  @Inject
  public TypingIndicators(InMemoryConnectionPool pool, LocalRoomIndex index, HubOptions options,
      DeliveryPressure pressure, ClusterRelay relay) {
    this.pool = pool;
    this.index = index;
    this.options = options;
    this.pressure = pressure;
    this.relay = relay;
  }

  /** Starts (or refreshes) or stops the indicator; fails with forbidden outside the room. */
  public void typing(ConnectionId connection, RoomId room, boolean on) {
    LiveConnection c = pool.live(connection);
    if (c == null || !c.roomSet().contains(room)) {
      throw new WsException(ErrorCode.FORBIDDEN, "join room '" + room + "' before typing in it");
    }
    if (on) {
      long deadline = System.nanoTime() + options.typingTimeout().toNanos();
      Long[] previous = {null};
      typing.compute(room, (r, users) -> {
        ConcurrentHashMap<UserId, Long> map = users == null ? new ConcurrentHashMap<>() : users;
        previous[0] = map.put(c.user(), deadline);
        return map;
      });
      if (previous[0] == null) {
        send(room, c.user(), true);
      }
    } else {
      stop(room, c.user());
    }
  }

  /** The users typing in {@code room} now. */
  public Set<UserId> typing(RoomId room) {
    Map<UserId, Long> users = typing.get(room);
    return users == null ? Set.of() : Set.copyOf(users.keySet());
  }

  /** Clears the user's typing in a room when the connection leaves it and no other device remains. */
  public void left(LiveConnection c, RoomId room) {
    for (LiveConnection other : pool.liveByUser(c.user())) {
      if (other != c && other.roomSet().contains(room)) {
        return;
      }
    }
    stop(room, c.user());
  }

  /** Expires the indicators past their deadline. */
  public void sweep() {
    long now = System.nanoTime();
    typing.forEach((room, users) -> users.forEach((user, deadline) -> {
      if (now - deadline > 0 && users.remove(user, deadline)) {
        send(room, user, false);
      }
    }));
    for (RoomId room : typing.keySet()) {
      typing.computeIfPresent(room, (r, users) -> users.isEmpty() ? null : users);
    }
  }

  private void stop(RoomId room, UserId user) {
    Map<UserId, Long> users = typing.get(room);
    if (users != null && users.remove(user) != null) {
      send(room, user, false);
    }
  }

  /**
   * Typing frames are state, keyed by room and user: under pressure an "on" may be replaced by the
   * "off" that follows it, but the last word always arrives, so no indicator is left on.
   */
  private void send(RoomId room, UserId user, boolean on) {
    var frame = ServerFrames.typing(room, user, on);
    String key = "typing:" + room.value() + ":" + user.value();
    Fanout.sendAs(index.members(room), m -> m.user().equals(user), frame, DeliveryClass.STATE, key,
        pressure);
    relay.relayState(Target.room(room).exceptUsers(Set.of(user)), frame, key);
  }
}
