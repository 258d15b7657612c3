package dev.wsm.core.internal;

import dev.wsm.core.RoomId;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connections on this node are in which room: the fan-out index. Kept in step with each
 * connection's own room set. Thread-safe; the member sets are live concurrent views.
 */
@Singleton
public final class LocalRoomIndex {
  private final ConcurrentHashMap<RoomId, Set<LiveConnection>> rooms = new ConcurrentHashMap<>();

  /** Adds; false if it was a member already. */
  public boolean add(RoomId room, LiveConnection connection) {
    // Inside compute: a concurrent remove of the room's last member cannot drop the set we add to.
    boolean[] added = {false};
    rooms.compute(room, (r, set) -> {
      Set<LiveConnection> members = set == null ? ConcurrentHashMap.newKeySet() : set;
      added[0] = members.add(connection);
      return members;
    });
    connection.addRoom(room);
    return added[0];
  }

  /** Removes; false if it was not a member. */
  public boolean remove(RoomId room, LiveConnection connection) {
    connection.removeRoom(room);
    connection.endRecovery(room); // a later join starts afresh (the stream may be new)
    boolean[] removed = {false};
    rooms.computeIfPresent(room, (r, set) -> {
      removed[0] = set.remove(connection);
      return set.isEmpty() ? null : set;
    });
    return removed[0];
  }

  /** The members here; a live view, empty when none. */
  public Set<LiveConnection> members(RoomId room) {
    Set<LiveConnection> set = rooms.get(room);
    return set == null ? Set.of() : set;
  }

  /** Drops a room from the index and from its members' room sets; returns the former members. */
  public Set<LiveConnection> removeRoom(RoomId room) {
    Set<LiveConnection> members = rooms.remove(room);
    if (members == null) {
      return Set.of();
    }
    for (LiveConnection c : members) {
      c.removeRoom(room);
      c.endRecovery(room);
    }
    return members;
  }

  /** Rooms with at least one member here. */
  public int roomCount() {
    return rooms.size();
  }
}
