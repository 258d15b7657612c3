package dev.wsm.core.spi;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Rooms and their members (connections, grouped by user). Contract: every method returns at once
 * without blocking the caller; the stage completes on any thread and fails with {@link
 * StoreException} when the store fails. Member limits are enforced atomically by {@link #addMember},
 * even with many nodes sharing the store. Proven by {@code RoomStoreContract} in ws-testkit.
 */
public interface RoomStore {
  /** Creates a room; completes with false, changing nothing, if the name is taken. */
  CompletionStage<Boolean> create(RoomRecord room);

  CompletionStage<Optional<RoomRecord>> find(RoomId id);

  /** Every room, ordered by name. */
  CompletionStage<List<RoomRecord>> list();

  /** Deletes a room and its memberships; completes with false if there was none. */
  CompletionStage<Boolean> delete(RoomId id);

  /** Adds a member connection, enforcing the member limit (distinct users) atomically. */
  CompletionStage<JoinOutcome> addMember(RoomId room, UserId user, ConnectionId connection);

  /** Removes a member connection; deletes an ephemeral room that becomes empty. */
  CompletionStage<LeaveOutcome> removeMember(RoomId room, UserId user, ConnectionId connection);

  /** The distinct users with at least one member connection. */
  CompletionStage<Set<UserId>> members(RoomId room);

  /** Up to {@code limit} rooms whose expiry is at or before {@code now}, oldest expiry first. */
  CompletionStage<List<RoomRecord>> expired(Instant now, int limit);
}
