package dev.wsm.core.spi;

import dev.wsm.core.UserId;
import java.util.Objects;

/**
 * An operation every node of a cluster applies to its own connections, other than delivering a
 * frame (that is a {@link ClusterMessage}). A node ignores the commands it sent itself.
 */
public sealed interface ClusterCommand
    permits ClusterCommand.CloseUser, ClusterCommand.CloseRoom, ClusterCommand.Resync,
        ClusterCommand.NodeLost {
  /** The node that sent it. */
  String origin();

  /**
   * Close every connection of a user (kick), with a WebSocket close code and reason.
   *
   * @param code a close code of 1000 or 3000 to 4999
   * @param reason at most 123 bytes of UTF-8, as a close frame allows
   */
  record CloseUser(String origin, UserId user, int code, String reason) implements ClusterCommand {
    public CloseUser {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(reason, "reason");
      if (code != 1000 && (code < 3000 || code > 4999)) {
        throw new IllegalArgumentException("close code must be 1000 or 3000 to 4999 (was " + code + ")");
      }
      if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
        throw new IllegalArgumentException("close reason must be at most 123 bytes of UTF-8");
      }
    }
  }

  /**
   * A room was deleted (or expired) on the node that sent it: every node tells its members ({@code
   * room_closed}) and drops them from the room.
   *
   * @param reason {@code deleted} or {@code expired}
   */
  record CloseRoom(String origin, dev.wsm.core.RoomId room, String reason) implements ClusterCommand {
    public CloseRoom {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Not sent between nodes: a bus hands it to its own node when messages of other nodes may have
   * been lost (it resubscribed after a reconnect, or a sender's numbering skipped some). The node
   * then re-reads, from a {@link MessageStore#shared() shared} message store, the rooms it delivers.
   *
   * @param origin the bus that noticed
   */
  record Resync(String origin) implements ClusterCommand {
    public Resync {
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * Not sent between nodes: a bus hands it to its own node when that node removed what a dead node
   * (its lease expired without goodbye) held. Exactly one node of the cluster receives it per dead
   * node; that node announces the change to every node, as the dead node would have on a normal
   * disconnect: the users' new {@code presence} and the rooms' {@code left}.
   *
   * @param origin the bus that hands it over
   * @param node the dead node
   * @param silentFor how long the dead node has been silent at least (its lease, less the time a
   *     renewal may have been due)
   * @param users the users that held a connection on the dead node
   * @param memberships the room memberships of the dead node's connections that were removed
   */
  record NodeLost(String origin, String node, java.time.Duration silentFor,
      java.util.List<UserId> users, java.util.List<Membership> memberships)
      implements ClusterCommand {
    public NodeLost {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(silentFor, "silentFor");
      users = java.util.List.copyOf(users);
      memberships = java.util.List.copyOf(memberships);
    }
  }

  /**
   * A room membership of a dead node's connection, removed from the store.
   *
   * @param userLeft true if the user has no member connection left in the room
   */
  record Membership(dev.wsm.core.RoomId room, UserId user, boolean userLeft) {
    public Membership {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(user, "user");
    }
  }
}
