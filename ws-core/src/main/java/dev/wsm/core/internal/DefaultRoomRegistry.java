package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.Room;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.core.Target;
import dev.wsm.core.RoomRegistry;
import dev.wsm.core.UserId;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms backed by the {@link RoomStore}, with this node's fan-out index kept in step. Sends {@code
 * joined} when a user's first device joins a room and {@code left} when its last device leaves, so a
 * user's second device makes no noise; both also go to the other nodes of a cluster. Password checks
 * run on the callback pool.
 */
@Singleton
public final class DefaultRoomRegistry implements RoomRegistry {
  private static final Logger log = LoggerFactory.getLogger(DefaultRoomRegistry.class);
  private static final int EXPIRY_BATCH = 100;

  private final RoomStore store;
  private final MessageStore messages;
  private final LocalRoomIndex index;
  private final InMemoryConnectionPool pool;
  private final Callbacks callbacks;
  private final PasswordHasher hasher;
  private final PasswordAttempts attempts;
  private final HubOptions options;
  private final Clock clock;
  private final ClusterRelay relay;

  @Inject
  public DefaultRoomRegistry(RoomStore store, MessageStore messages, LocalRoomIndex index,
      InMemoryConnectionPool pool, Callbacks callbacks, HubOptions options, Clock clock,
      PasswordAttempts attempts, ClusterRelay relay) {
    this.attempts = attempts;
    this.relay = relay;
    this.store = store;
    this.messages = messages;
    this.index = index;
    this.pool = pool;
    this.callbacks = callbacks;
    this.hasher = new PasswordHasher(options.passwordIterations());
    this.options = options;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Room> create(RoomId id, RoomOptions room) {
    Instant now = clock.instant();
    Instant expiresAt = room.ttl().map(now::plus).orElse(null);
    CompletableFuture<String> hash = room.password().isPresent()
        ? callbacks.supply(() -> hasher.hash(room.password().get()))
        : Futures.done(null);
    return hash.thenCompose(h -> {
      RoomRecord record = new RoomRecord(id, room.topic(), h, room.memberLimit(), room.createdBy(),
          now, expiresAt, false);
      return store.create(record).thenCompose(created -> created
          ? Futures.done(record.toRoom())
          : Futures.failed(ErrorCode.CONFLICT, "a room named '" + id + "' exists already"));
    });
  }

  @Override
  public CompletionStage<Optional<Room>> find(RoomId id) {
    return store.find(id).thenApply(r -> r.map(RoomRecord::toRoom));
  }

  @Override
  public CompletionStage<List<Room>> list() {
    return store.list().thenApply(rs -> rs.stream().map(RoomRecord::toRoom).toList());
  }

  @Override
  public CompletionStage<Boolean> delete(RoomId id) {
    return store.delete(id).thenApply(deleted -> {
      if (deleted) {
        closed(id, "deleted");
      }
      return deleted;
    });
  }

  @Override
  public CompletionStage<Room> join(ConnectionId connection, RoomId room, String password) {
    LiveConnection c = pool.live(connection);
    if (c == null) {
      return Futures.failed(ErrorCode.NOT_FOUND, "no such connection");
    }
    // Joins in flight count against the room limit too: with a store that completes later, joins
    // sent without waiting would otherwise all pass a check of the rooms joined so far.
    int reserved = c.reserveRoom(room, options.maxRoomsPerConnection());
    if (reserved < 0) {
      return Futures.failed(ErrorCode.FORBIDDEN,
          "a connection may join at most " + options.maxRoomsPerConnection() + " rooms");
    }
    CompletionStage<Room> joined = join(c, room, password, true);
    return reserved == 0 ? joined : joined.whenComplete((r, e) -> c.releaseRoom(room));
  }

  private CompletionStage<Room> join(LiveConnection c, RoomId room, String password, boolean retry) {
    return findOrCreate(c.user(), room)
        .thenCompose(record -> checkPassword(c.user(), record, password).thenApply(ok -> record))
        .thenCompose(record -> store.addMember(room, c.user(), c.id()).thenCompose(outcome -> {
          if (outcome == JoinOutcome.NO_SUCH_ROOM) {
            // The room was deleted between lookup and join (e.g. an ephemeral room emptied).
            return retry ? join(c, room, password, false)
                : Futures.failed(ErrorCode.NOT_FOUND, "no such room: " + room);
          }
          if (outcome == JoinOutcome.FULL) {
            return Futures.failed(ErrorCode.ROOM_FULL,
                "room '" + room + "' is full (" + record.memberLimit() + " members)");
          }
          admitted(c, room, outcome);
          return Futures.done(record.toRoom());
        }));
  }

  private CompletionStage<RoomRecord> findOrCreate(UserId user, RoomId room) {
    return store.find(room).thenCompose(found -> {
      if (found.isPresent()) {
        return Futures.done(found.get());
      }
      if (!options.autoCreateRooms()) {
        return Futures.failed(ErrorCode.NOT_FOUND, "no such room: " + room);
      }
      RoomRecord fresh = new RoomRecord(room, "", null, 0, user, clock.instant(), null, true);
      return store.create(fresh).thenCompose(created -> store.find(room)).thenCompose(again ->
          again.isPresent() ? Futures.done(again.get())
              : Futures.failed(ErrorCode.NOT_FOUND, "no such room: " + room));
    });
  }

  private CompletionStage<Boolean> checkPassword(UserId user, RoomRecord record, String password) {
    if (record.passwordHash() == null) {
      return Futures.done(true);
    }
    if (password == null) {
      return Futures.failed(ErrorCode.WRONG_PASSWORD, "room '" + record.id() + "' needs a password");
    }
    if (!attempts.tryAttempt(user, record.id())) {
      return Futures.failed(ErrorCode.RATE_LIMITED,
          "too many wrong passwords for room '" + record.id() + "', try again later");
    }
    return callbacks.supply(() -> hasher.verify(password, record.passwordHash()))
        .thenCompose(ok -> {
          if (ok) {
            attempts.succeeded(user, record.id());
            return Futures.done(true);
          }
          return Futures.failed(ErrorCode.WRONG_PASSWORD, "wrong password for room '" + record.id() + "'");
        });
  }

  private void admitted(LiveConnection c, RoomId room, JoinOutcome outcome) {
    if (outcome == JoinOutcome.ALREADY_MEMBER && c.roomSet().contains(room)) {
      return;
    }
    index.add(room, c);
    if (c.isClosed()) {
      // It closed while the join was in flight; its disconnect clean-up may have run already.
      leave(c, room);
      return;
    }
    if (outcome == JoinOutcome.JOINED_FIRST_DEVICE && announces(room, 0)) {
      var joined = ServerFrames.joined(room, c.user(), clock.instant());
      Fanout.send(index.members(room), m -> m == c, joined);
      relay.relay(Target.room(room).exceptConnections(Set.of(c.id())), joined);
    }
    callbacks.emit(l -> l.onJoin(c, room));
  }

  @Override
  public CompletionStage<Boolean> leave(ConnectionId connection, RoomId room) {
    LiveConnection c = pool.live(connection);
    if (c == null) {
      return Futures.done(false);
    }
    return leave(c, room);
  }

  /** Removes a connection from a room, telling the others if its user left. */
  public CompletionStage<Boolean> leave(LiveConnection c, RoomId room) {
    if (!index.remove(room, c)) {
      return Futures.done(false);
    }
    return removeMember(c, room);
  }

  /**
   * A dropped connection: it leaves the room here at once (no frame goes to it), but its
   * membership, and so its user's place in the room, lasts {@code grace} longer. If the user comes
   * back within it, nobody is told it left or joined.
   */
  public void leaveAfter(LiveConnection c, RoomId room, java.time.Duration grace) {
    if (!index.remove(room, c)) {
      return;
    }
    if (grace.isZero()) {
      removeMember(c, room);
      return;
    }
    CompletableFuture.delayedExecutor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> removeMember(c, room));
  }

  private CompletionStage<Boolean> removeMember(LiveConnection c, RoomId room) {
    return store.removeMember(room, c.user(), c.id()).handle((outcome, error) -> {
      if (error != null) {
        log.warn("Could not remove {} from room {} in the store", c.id(), room, Futures.unwrap(error));
        return true;
      }
      if (outcome.userLeft() && announces(room, 1)) {
        var left = ServerFrames.left(room, c.user(), clock.instant());
        Fanout.send(index.members(room), Fanout.none(), left);
        relay.relay(Target.room(room), left);
      }
      if (outcome.roomDeleted()) {
        messages.drop(room);
      }
      callbacks.emit(l -> l.onLeave(c, room));
      return true;
    });
  }

  /**
   * The store removed the membership of a dead node's connection, and with it {@code user}'s last
   * one in {@code room}: tells the room's members on every node that the user left, as a
   * disconnect would, unless the user is a member again by now. Never blocks.
   */
  public void leftOnLostNode(RoomId room, UserId user) {
    if (!announces(room, 1)) {
      return;
    }
    store.members(room).whenComplete((members, error) -> {
      if (error != null) {
        log.warn("Could not read the members of room {}; {} leaving it is not announced", room,
            user, Futures.unwrap(error));
      } else if (!members.contains(user)) {
        var left = ServerFrames.left(room, user, clock.instant());
        Fanout.send(index.members(room), Fanout.none(), left);
        relay.relay(Target.room(room), left);
      }
    });
  }

  /**
   * Membership events go only to rooms small enough that announcing costs O(members). The size
   * counts the member concerned ({@code departed} = 1 after it has been removed), so a join and the
   * matching leave are announced alike.
   */
  private boolean announces(RoomId room, int departed) {
    return index.members(room).size() + departed <= options.membershipEventsMaxMembers();
  }

  @Override
  public CompletionStage<Set<UserId>> members(RoomId room) {
    return store.members(room);
  }

  @Override
  public Set<ConnectionId> localConnections(RoomId room) {
    return index.members(room).stream().map(LiveConnection::id).collect(Collectors.toUnmodifiableSet());
  }

  /** Removes rooms past their TTL, telling their members; bounded per call. */
  public CompletionStage<Integer> expire() {
    return store.expired(clock.instant(), EXPIRY_BATCH).thenCompose(expired -> {
      CompletableFuture<?>[] deletions = expired.stream()
          .map(r -> Futures.of(store.delete(r.id()).thenAccept(deleted -> {
            if (deleted) {
              closed(r.id(), "expired");
            }
          })))
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(deletions).thenApply(v -> expired.size());
    });
  }

  private void closed(RoomId room, String reason) {
    Set<LiveConnection> members = index.removeRoom(room);
    Fanout.send(members, Fanout.none(), ServerFrames.roomClosed(room, reason));
    for (LiveConnection c : members) {
      callbacks.emit(l -> l.onLeave(c, room));
    }
    messages.drop(room);
    relay.relay(new dev.wsm.core.spi.ClusterCommand.CloseRoom(relay.node(), room, reason));
  }

  /**
   * Another node deleted the room: its members here are told and leave it. The room itself is not
   * deleted here (with a shared store it is gone already; a store of this node keeps its record).
   */
  public void closedElsewhere(RoomId room, String reason) {
    Set<LiveConnection> members = index.removeRoom(room);
    Fanout.send(members, Fanout.none(), ServerFrames.roomClosed(room, reason));
    for (LiveConnection c : members) {
      callbacks.emit(l -> l.onLeave(c, room));
      store.removeMember(room, c.user(), c.id()).thenAccept(outcome -> {
        if (outcome.roomDeleted()) {
          messages.drop(room);
        }
      }).exceptionally(e -> {
        log.warn("Could not remove {} from closed room {} in the store", c.id(), room,
            Futures.unwrap(e));
        return null;
      });
    }
  }
}
