package dev.wsm.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Rooms and their membership. Operations that may touch a store return a {@link CompletionStage}
 * that fails with a {@link WsException} carrying a stable {@link ErrorCode}. Never blocks the caller.
 */
public interface RoomRegistry {
  /** Creates a room; fails with {@link ErrorCode#CONFLICT} if the name is taken. */
  CompletionStage<Room> create(RoomId id, RoomOptions options);

  CompletionStage<Optional<Room>> find(RoomId id);

  CompletionStage<List<Room>> list();

  /** Deletes a room; its members are told ({@code room_closed}) and their membership cleared. */
  CompletionStage<Boolean> delete(RoomId id);

  /**
   * Joins a connection to a room, creating a public ephemeral room if none exists and auto-creation
   * is on. Fails with {@link ErrorCode#NOT_FOUND}, {@link ErrorCode#WRONG_PASSWORD}, {@link
   * ErrorCode#ROOM_FULL} or {@link ErrorCode#FORBIDDEN} (too many rooms). Joining twice is a no-op.
   */
  CompletionStage<Room> join(ConnectionId connection, RoomId room, String password);

  /** Leaves a room; completes with false if the connection was not a member. */
  CompletionStage<Boolean> leave(ConnectionId connection, RoomId room);

  /** The users who are members of a room (across the cluster where the store is shared). */
  CompletionStage<Set<UserId>> members(RoomId room);

  /** The connections on this node that are members of a room; a snapshot. */
  Set<ConnectionId> localConnections(RoomId room);
}
