package dev.wsm.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The live connections on this node. Thread-safe and non-blocking; results are snapshots. */
public interface ConnectionPool {
  Optional<Connection> get(ConnectionId id);

  /** Every connection (device) of a user; empty when the user is not connected here. */
  List<Connection> byUser(UserId user);

  /** Connections carrying a label. */
  List<Connection> byLabel(String label);

  /** Connections for which the predicate is true. */
  List<Connection> matching(Predicate<Connection> predicate);

  Collection<Connection> all();

  int count();

  int countForUser(UserId user);
}
