package dev.wsm.core.spi;

import dev.wsm.core.RoomId;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Room streams: history with per-room offsets. Contract: non-blocking (see {@link RoomStore});
 * offsets start at 1 and strictly increase per room in append order; appending a message id that
 * the stream already holds returns the stored message unchanged (idempotent); expired messages are
 * never returned. Proven by {@code MessageStoreContract} in ws-testkit.
 */
public interface MessageStore {
  /** Appends to the message's room stream and completes with the message carrying its offset. */
  CompletionStage<StoredMessage> append(StoredMessage message);

  CompletionStage<List<StoredMessage>> history(RoomId room, HistoryQuery query);

  CompletionStage<StreamPosition> position(RoomId room);

  /** Drops a room's stream (the room was deleted); a new stream gets a new epoch. */
  CompletionStage<Void> drop(RoomId room);

  /**
   * Whether every node of a cluster appends to and reads the same streams (a networked store such
   * as Redis), so that a room's offsets are the cluster's: nodes then use them to find and recover
   * room messages the cluster bus lost. False (the default) for a store of one node.
   */
  default boolean shared() {
    return false;
  }
}
