package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.LeaveOutcome;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Rooms in memory, for one node. Membership changes are atomic per room (a lock per room). */
@Singleton
public final class InMemoryRoomStore implements RoomStore {
  private final ConcurrentHashMap<RoomId, Entry> rooms = new ConcurrentHashMap<>();

  private static final class Entry {
    final RoomRecord record;
    final Map<UserId, Set<ConnectionId>> members = new HashMap<>();
    boolean deleted;

    Entry(RoomRecord record) {
      this.record = record;
    }
  }

  @Override
  public CompletionStage<Boolean> create(RoomRecord room) {
    return Futures.done(rooms.putIfAbsent(room.id(), new Entry(room)) == null);
  }

  @Override
  public CompletionStage<Optional<RoomRecord>> find(RoomId id) {
    Entry entry = rooms.get(id);
    return Futures.done(entry == null ? Optional.empty() : Optional.of(entry.record));
  }

  @Override
  public CompletionStage<List<RoomRecord>> list() {
    return Futures.done(rooms.values().stream().map(e -> e.record)
        .sorted(Comparator.comparing(RoomRecord::id)).toList());
  }

  @Override
  public CompletionStage<Boolean> delete(RoomId id) {
    Entry entry = rooms.remove(id);
    if (entry == null) {
      return Futures.done(false);
    }
    synchronized (entry) {
      entry.deleted = true;
    }
    return Futures.done(true);
  }

  @Override
  public CompletionStage<JoinOutcome> addMember(RoomId room, UserId user, ConnectionId connection) {
    Entry entry = rooms.get(room);
    if (entry == null) {
      return Futures.done(JoinOutcome.NO_SUCH_ROOM);
    }
    synchronized (entry) {
      if (entry.deleted) {
        return Futures.done(JoinOutcome.NO_SUCH_ROOM);
      }
      Set<ConnectionId> devices = entry.members.get(user);
      if (devices != null) {
        return Futures.done(devices.add(connection)
            ? JoinOutcome.JOINED_ANOTHER_DEVICE : JoinOutcome.ALREADY_MEMBER);
      }
      int limit = entry.record.memberLimit();
      if (limit > 0 && entry.members.size() >= limit) {
        return Futures.done(JoinOutcome.FULL);
      }
      devices = new HashSet<>();
      devices.add(connection);
      entry.members.put(user, devices);
      return Futures.done(JoinOutcome.JOINED_FIRST_DEVICE);
    }
  }

  @Override
  public CompletionStage<LeaveOutcome> removeMember(RoomId room, UserId user, ConnectionId connection) {
    Entry entry = rooms.get(room);
    if (entry == null) {
      return Futures.done(LeaveOutcome.NOT_MEMBER);
    }
    synchronized (entry) {
      Set<ConnectionId> devices = entry.members.get(user);
      if (entry.deleted || devices == null || !devices.remove(connection)) {
        return Futures.done(LeaveOutcome.NOT_MEMBER);
      }
      boolean userLeft = devices.isEmpty();
      if (userLeft) {
        entry.members.remove(user);
      }
      boolean deleteRoom = entry.record.ephemeral() && entry.members.isEmpty();
      if (deleteRoom) {
        entry.deleted = true;
        rooms.remove(room, entry);
      }
      return Futures.done(new LeaveOutcome(true, userLeft, deleteRoom));
    }
  }

  @Override
  public CompletionStage<Set<UserId>> members(RoomId room) {
    Entry entry = rooms.get(room);
    if (entry == null) {
      return Futures.done(Set.of());
    }
    synchronized (entry) {
      return Futures.done(Set.copyOf(entry.members.keySet()));
    }
  }

  @Override
  public CompletionStage<List<RoomRecord>> expired(Instant now, int limit) {
    return Futures.done(rooms.values().stream()
        .map(e -> e.record)
        .filter(r -> r.expiresAt() != null && !r.expiresAt().isAfter(now))
        .sorted(Comparator.comparing(RoomRecord::expiresAt))
        .limit(limit)
        .toList());
  }
}
