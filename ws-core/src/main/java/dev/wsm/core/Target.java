package dev.wsm.core;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who a message goes to. Every target but {@link Matching} is plain data, so a cluster bus can carry
 * it to other nodes and apply it there; {@link Matching} holds arbitrary code and is applied on this
 * node only.
 */
public sealed interface Target
    permits Target.ToConnection, Target.ToUser, Target.ToRoom, Target.ToAll, Target.ToLabel,
        Target.Matching {

  static ToConnection connection(ConnectionId id) {
    return new ToConnection(id);
  }

  static ToUser user(UserId id) {
    return new ToUser(id);
  }

  static ToRoom room(RoomId id) {
    return new ToRoom(id, Set.of(), Set.of());
  }

  static ToAll all() {
    return new ToAll(Set.of(), Set.of());
  }

  static ToLabel label(String label) {
    return new ToLabel(label);
  }

  static Matching matching(Predicate<Connection> predicate) {
    return new Matching(predicate);
  }

  /** One connection. */
  record ToConnection(ConnectionId id) implements Target {
    public ToConnection {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Every connection (device) of one user. */
  record ToUser(UserId id) implements Target {
    public ToUser {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Every member connection of a room, less the excluded connections and users. */
  record ToRoom(RoomId id, Set<ConnectionId> exceptConnections, Set<UserId> exceptUsers)
      implements Target {
    public ToRoom {
      Objects.requireNonNull(id, "id");
      exceptConnections = Set.copyOf(exceptConnections);
      exceptUsers = Set.copyOf(exceptUsers);
    }

    public ToRoom exceptConnections(Set<ConnectionId> ids) {
      return new ToRoom(id, ids, exceptUsers);
    }

    public ToRoom exceptUsers(Set<UserId> ids) {
      return new ToRoom(id, exceptConnections, ids);
    }
  }

  /** Every connection, less the excluded connections and users. */
  record ToAll(Set<ConnectionId> exceptConnections, Set<UserId> exceptUsers) implements Target {
    public ToAll {
      exceptConnections = Set.copyOf(exceptConnections);
      exceptUsers = Set.copyOf(exceptUsers);
    }

    public ToAll exceptConnections(Set<ConnectionId> ids) {
      return new ToAll(ids, exceptUsers);
    }

    public ToAll exceptUsers(Set<UserId> ids) {
      return new ToAll(exceptConnections, ids);
    }
  }

  /** Every connection that carries a label (e.g. an agent name). */
  record ToLabel(String label) implements Target {
    public ToLabel {
      Objects.requireNonNull(label, "label");
    }
  }

  /** Every connection on this node for which the predicate is true; applied on this node only. */
  record Matching(Predicate<Connection> predicate) implements Target {
    public Matching {
      Objects.requireNonNull(predicate, "predicate");
    }
  }
}
