package dev.wsm.store.redis.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.JoinOutcome;
import dev.wsm.core.spi.LeaveOutcome;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.store.redis.RedisOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Rooms in Redis, shared by every node: a hash per room, its members in two hashes (user →
 * connection count; user and connection → node), and two sorted sets (names; expiries). Creating,
 * joining, leaving and deleting are Lua scripts, so the member limit holds even when nodes race.
 * Each node also lists the memberships it added, so that when it dies without a goodbye the
 * survivors remove them ({@link NodeLease}) and its users stop holding places in rooms.
 */
@Singleton
public final class RedisRoomStore implements RoomStore {
  private static final Script CREATE = Script.load("room-create");
  private static final Script DELETE = Script.load("room-delete");
  private static final Script JOIN = Script.load("room-join");
  private static final Script LEAVE = Script.load("room-leave");

  private final Redis redis;
  private final Keys keys;
  private final NodeLease lease;

  @Inject
  public RedisRoomStore(RedisConnector connector, RedisOptions options, NodeLease lease) {
    this.redis = new Redis(connector, options);
    this.keys = redis.keys();
    this.lease = lease;
  }

  @Override
  public CompletionStage<Boolean> create(RoomRecord room) {
    List<String> args = new ArrayList<>();
    args.add(room.id().value());
    args.add(room.expiresAt() == null ? "" : Long.toString(room.expiresAt().toEpochMilli()));
    encode(room).forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    return redis.<Long>script(CREATE, ScriptOutputType.INTEGER,
            new String[] {keys.room(room.id()), keys.rooms(), keys.roomExpiry()},
            args.toArray(String[]::new))
        .thenApply(created -> created == 1L);
  }

  @Override
  public CompletionStage<Optional<RoomRecord>> find(RoomId id) {
    return read(id).thenApply(Optional::ofNullable);
  }

  private CompletableFuture<RoomRecord> read(RoomId id) {
    return redis.call("room lookup", r -> r.hgetall(keys.room(id)))
        .thenApply(fields -> fields == null || fields.isEmpty() ? null : decode(id, fields));
  }

  @Override
  public CompletionStage<List<RoomRecord>> list() {
    return redis.call("room list", r -> r.zrange(keys.rooms(), 0, -1))
        .thenCompose(names -> readAll(names.stream().map(RoomId::of).toList()))
        .thenApply(rooms -> rooms.stream().sorted(Comparator.comparing(RoomRecord::id)).toList());
  }

  @Override
  public CompletionStage<Boolean> delete(RoomId id) {
    return redis.<Long>script(DELETE, ScriptOutputType.INTEGER, roomKeys(id), id.value(),
            keys.prefix())
        .thenApply(existed -> existed == 1L);
  }

  @Override
  public CompletionStage<JoinOutcome> addMember(RoomId room, UserId user, ConnectionId connection) {
    return redis.<String>script(JOIN, ScriptOutputType.VALUE,
            new String[] {keys.room(room), keys.roomUsers(room), keys.roomConnections(room),
                keys.nodeMembers(lease.node())},
            user.value(), member(user, connection), lease.node(), room.value())
        .thenApply(JoinOutcome::valueOf);
  }

  @Override
  public CompletionStage<LeaveOutcome> removeMember(RoomId room, UserId user,
      ConnectionId connection) {
    return redis.<List<Object>>script(LEAVE, ScriptOutputType.MULTI, roomKeys(room), user.value(),
            member(user, connection), room.value(), keys.prefix())
        .thenApply(r -> (Long) r.get(0) == 0L ? LeaveOutcome.NOT_MEMBER
            : new LeaveOutcome(true, (Long) r.get(1) == 1L, (Long) r.get(2) == 1L));
  }

  @Override
  public CompletionStage<Set<UserId>> members(RoomId room) {
    return redis.call("room members", r -> r.hkeys(keys.roomUsers(room)))
        .thenApply(users -> users.stream().map(UserId::of).collect(Collectors.toUnmodifiableSet()));
  }

  @Override
  public CompletionStage<List<RoomRecord>> expired(Instant now, int limit) {
    return redis.call("expired rooms", r -> r.zrangebyscore(keys.roomExpiry(),
            Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()),
            Limit.create(0, limit)))
        .thenCompose(names -> readAll(names.stream().map(RoomId::of).toList()))
        .thenApply(rooms -> rooms.stream()
            .filter(r -> r.expiresAt() != null && !r.expiresAt().isAfter(now))
            .sorted(Comparator.comparing(RoomRecord::expiresAt))
            .toList());
  }

  private CompletableFuture<List<RoomRecord>> readAll(List<RoomId> ids) {
    List<CompletableFuture<RoomRecord>> reads = ids.stream().map(this::read).toList();
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> reads.stream().map(CompletableFuture::join)
            .filter(r -> r != null).toList());
  }

  private String[] roomKeys(RoomId room) {
    return new String[] {keys.room(room), keys.roomUsers(room), keys.roomConnections(room),
        keys.rooms(), keys.roomExpiry()};
  }

  private static String member(UserId user, ConnectionId connection) {
    return user.value() + "\n" + connection.value();
  }

  private static Map<String, String> encode(RoomRecord room) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("topic", room.topic());
    if (room.passwordHash() != null) {
      f.put("pw", room.passwordHash());
    }
    f.put("limit", Integer.toString(room.memberLimit()));
    if (room.createdBy() != null) {
      f.put("by", room.createdBy().value());
    }
    f.put("at", room.createdAt().toString());
    if (room.expiresAt() != null) {
      f.put("exp", room.expiresAt().toString());
    }
    f.put("eph", room.ephemeral() ? "1" : "0");
    return f;
  }

  private static RoomRecord decode(RoomId id, Map<String, String> f) {
    return new RoomRecord(id, f.get("topic"), f.get("pw"),
        Integer.parseInt(f.getOrDefault("limit", "0")),
        f.containsKey("by") ? UserId.of(f.get("by")) : null,
        Instant.parse(f.get("at")),
        f.containsKey("exp") ? Instant.parse(f.get("exp")) : null,
        "1".equals(f.get("eph")));
  }
}
