package dev.wsm.core.spi;

import dev.wsm.core.Connection;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation a client asks for, as an {@link Authorizer} sees it. The protocol's own rules have
 * been checked already (a publish comes from a member of the room; see each record); the
 * authorizer can only refuse more.
 */
public sealed interface Access
    permits Access.Join, Access.Publish, Access.Direct, Access.History, Access.Members {

  /** The connection asking, with its user, roles, labels, metadata and current rooms. */
  Connection connection();

  /**
   * {@code join} of a room. Asked before the room is looked up or its password checked: a private
   * room still needs its password after the authorizer allows the join. Each room of a {@code
   * resume} is asked as a {@code Join} and a {@link History}: both must be allowed.
   */
  record Join(Connection connection, RoomId room) implements Access {
    public Join {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(room, "room");
    }
  }

  /** {@code publish} (text or binary) to a room the connection has joined. */
  record Publish(Connection connection, RoomId room) implements Access {
    public Publish {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(room, "room");
    }
  }

  /** {@code direct} to a user (every device, queued when offline) or to one connection. */
  record Direct(Connection connection, Optional<UserId> toUser, Optional<ConnectionId> toConnection)
      implements Access {
    public Direct {
      Objects.requireNonNull(connection, "connection");
      if (toUser.isPresent() == toConnection.isPresent()) {
        throw new IllegalArgumentException("exactly one of toUser and toConnection");
      }
    }
  }

  /** {@code history} of a room the connection has joined. */
  record History(Connection connection, RoomId room) implements Access {
    public History {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(room, "room");
    }
  }

  /** {@code members} (a presence read) of a room the connection has joined. */
  record Members(Connection connection, RoomId room) implements Access {
    public Members {
      Objects.requireNonNull(connection, "connection");
      Objects.requireNonNull(room, "room");
    }
  }
}
