package dev.wsm.core.spi;

import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Per-user offline inboxes. Contract: non-blocking (see {@link RoomStore}); each inbox is bounded
 * (when full, the oldest message is dropped); messages come back in the order they were enqueued;
 * expired messages are never returned. Proven by {@code InboxStoreContract} in ws-testkit.
 */
public interface InboxStore {
  /** Keeps a direct message for a user; completes with false if it was already there. */
  CompletionStage<Boolean> enqueue(UserId user, StoredMessage message);

  /** Up to {@code limit} pending messages, oldest first. */
  CompletionStage<List<StoredMessage>> pending(UserId user, int limit);

  /** Removes messages (delivered and acknowledged); completes with how many were removed. */
  CompletionStage<Integer> remove(UserId user, Collection<MessageId> ids);

  /** Removes expired and over-age messages from every inbox; completes with how many. */
  CompletionStage<Integer> purge(Instant now);
}
