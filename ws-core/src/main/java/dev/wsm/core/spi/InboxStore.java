package dev.wsm.core.spi;

import dev.wsm.core.DeviceId;
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
 *
 * <p>Every message gets a sequence number in its user's inbox, above every number that user's
 * inbox has given before (also after its messages were removed, and across restarts for a durable
 * store), so that "up to a number" always means the same messages. Pending messages carry it in
 * {@link StoredMessage#offset()}.
 *
 * <p>Device positions: a store keeps, per user and {@link DeviceId}, the highest sequence number
 * the device acked and when it was last seen; devices not seen within the store's maximum inbox
 * age are forgotten.
 */
public interface InboxStore {
  /**
   * Keeps a direct message for a user; completes with its sequence number (at least 1), or 0 if a
   * message with its id was already there.
   */
  CompletionStage<Long> enqueue(UserId user, StoredMessage message);

  /** Up to {@code limit} pending messages, oldest first. */
  default CompletionStage<List<StoredMessage>> pending(UserId user, int limit) {
    return pending(user, 0, limit);
  }

  /** Up to {@code limit} pending messages with a sequence number above {@code after}, oldest first. */
  CompletionStage<List<StoredMessage>> pending(UserId user, long after, int limit);

  /** Removes messages (delivered and acknowledged); completes with how many were removed. */
  CompletionStage<Integer> remove(UserId user, Collection<MessageId> ids);

  /** Removes every message numbered {@code upTo} or lower; completes with how many. */
  CompletionStage<Integer> removeUpTo(UserId user, long upTo);

  /**
   * Records that {@code device} was seen at {@code now}; completes with its position (the highest
   * sequence number it acked; 0 for a device not known).
   */
  CompletionStage<Long> device(UserId user, DeviceId device, Instant now);

  /**
   * Raises {@code device}'s position to {@code upTo} (never lowers it) and records it seen at
   * {@code now}; then removes the messages at or below the lowest position of the user's devices
   * seen within the maximum inbox age. Completes with how many pending messages the device's
   * position newly covers.
   */
  CompletionStage<Integer> ackDevice(UserId user, DeviceId device, long upTo, Instant now);

  /**
   * Removes expired and over-age messages from every inbox, and forgets devices not seen within
   * the maximum inbox age; completes with how many messages.
   */
  CompletionStage<Integer> purge(Instant now);
}
