package dev.wsm.core.spi;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Who is online now, over every node that shares the store: each node puts its own view of a user
 * (the best status and the number of the user's devices on it), and reads answer the aggregate
 * over the nodes. A store shared by several nodes stops counting a node's view within its lease
 * when the node dies. The user's presence metadata is kept here too, last write wins, and dropped
 * when no node holds a device of the user any more (the put that removes the last view still answers
 * it, so that the caller can keep it in the {@link PresenceStore}).
 *
 * <p>Contract: non-blocking (see {@link RoomStore}). A put replaces the calling node's view and
 * answers the aggregate after it, atomically. Proven by {@code PresenceRosterContract} in
 * ws-testkit.
 */
public interface PresenceRoster {
  /**
   * A user's presence over the nodes.
   *
   * @param status the most available status of any device ({@link PresenceStatus#OFFLINE} when
   *     there is none)
   * @param devices the user's devices over all nodes
   * @param lastSeen the latest activity any node reported ({@link Instant#EPOCH} when none)
   * @param metaJson the user's metadata as a JSON object text, or null when none was put
   */
  record Aggregate(PresenceStatus status, int devices, Instant lastSeen, String metaJson) {
    public static final Aggregate NONE = new Aggregate(PresenceStatus.OFFLINE, 0, Instant.EPOCH,
        null);

    public Aggregate {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(lastSeen, "lastSeen");
      if (devices < 0) {
        throw new IllegalArgumentException("devices must be at least 0");
      }
    }
  }

  /**
   * Replaces this node's view of {@code user}: {@code devices} connections here (0: none, the view
   * is removed), their best {@code status} and latest {@code lastSeen}; {@code metaJson} replaces
   * the user's metadata unless null. Answers the aggregate after the put.
   */
  CompletionStage<Aggregate> put(UserId user, PresenceStatus status, int devices, Instant lastSeen,
      String metaJson);

  /** The aggregate over the nodes, {@link Aggregate#NONE} when no node holds a device. */
  CompletionStage<Aggregate> get(UserId user);
}
