package dev.wsm.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Users' presence aggregated over their devices, and typing indicators per room. Changes are sent as
 * {@code presence} and {@code typing} events to the rooms the user is in. Never blocks the caller.
 */
public interface PresenceTracker {
  /** The user's presence; {@link PresenceStatus#OFFLINE} with the last-seen time when not connected. */
  CompletionStage<Presence> presence(UserId user);

  /**
   * Sets one connection's status and the user's metadata (null keeps the current metadata). Fails
   * with {@link ErrorCode#NOT_FOUND} for an unknown connection, {@link ErrorCode#INVALID_MESSAGE} for
   * {@link PresenceStatus#OFFLINE} and {@link ErrorCode#TOO_LARGE} for oversize metadata.
   */
  CompletionStage<Presence> update(ConnectionId connection, PresenceStatus status, JsonNode meta);

  /**
   * Starts or stops a typing indicator of the connection's user in a room it is a member of; a
   * started indicator clears itself after the typing timeout unless refreshed. Fails with {@link
   * ErrorCode#FORBIDDEN} if the connection is not a member.
   */
  void typing(ConnectionId connection, RoomId room, boolean typing);

  /** The users typing in a room right now. */
  Set<UserId> typing(RoomId room);
}
