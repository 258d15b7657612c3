package dev.wsm.core.internal;

import dev.wsm.core.Connection;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ConnectionPool;
import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The live connections of this node, indexed by id and by user. Lock-free reads. */
@Singleton
public final class InMemoryConnectionPool implements ConnectionPool {
  private final ConcurrentHashMap<ConnectionId, LiveConnection> byId = new ConcurrentHashMap<>();
  /**
   * A user's devices: an immutable one-element set while the user has one (most users; a
   * concurrent set costs about 200 bytes), a concurrent set from the second. Changed only inside
   * the map's {@code compute}, so atomically per user.
   */
  private final ConcurrentHashMap<UserId, Set<LiveConnection>> byUser = new ConcurrentHashMap<>();
  private final int maxPerUser;

  @Inject
  public InMemoryConnectionPool(HubOptions options) {
    this.maxPerUser = options.maxConnectionsPerUser();
  }

  /** Adds a connection unless its user is at the per-user limit; atomic per user. */
  public boolean add(LiveConnection connection) {
    boolean[] added = {false};
    byUser.compute(connection.user(), (user, devices) -> {
      int count = devices == null ? 0 : devices.size();
      if (maxPerUser > 0 && count >= maxPerUser) {
        return devices;
      }
      added[0] = true;
      byId.put(connection.id(), connection);
      if (devices == null) {
        return Set.of(connection);
      }
      if (devices.contains(connection)) {
        return devices;
      }
      if (count == 1) {
        Set<LiveConnection> several = ConcurrentHashMap.newKeySet();
        several.addAll(devices);
        several.add(connection);
        return several;
      }
      devices.add(connection);
      return devices;
    });
    return added[0];
  }

  /** Removes a connection; returns true if it was the user's last one here. */
  public boolean remove(LiveConnection connection) {
    if (!byId.remove(connection.id(), connection)) {
      return false;
    }
    boolean[] last = {false};
    byUser.computeIfPresent(connection.user(), (user, devices) -> {
      if (devices.size() == 1) {
        last[0] = devices.contains(connection);
        return last[0] ? null : devices;
      }
      devices.remove(connection);
      return devices.size() == 1 ? Set.of(devices.iterator().next()) : devices;
    });
    return last[0];
  }

  /** Whether the user may open one more connection (a cheap pre-check at the handshake). */
  public boolean hasRoomFor(UserId user) {
    return maxPerUser == 0 || countForUser(user) < maxPerUser;
  }

  public LiveConnection live(ConnectionId id) {
    return byId.get(id);
  }

  /**
   * The user's devices here, not copied: iterable while devices come and go, but it may or may not
   * show a change made after it was read. Empty when none; never modify it.
   */
  public Set<LiveConnection> liveByUser(UserId user) {
    Set<LiveConnection> set = byUser.get(user);
    return set == null ? Set.of() : set;
  }

  public Collection<LiveConnection> liveAll() {
    return byId.values();
  }

  @Override
  public Optional<Connection> get(ConnectionId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<Connection> byUser(UserId user) {
    return List.copyOf(liveByUser(user));
  }

  @Override
  public List<Connection> byLabel(String label) {
    return matching(c -> c.labels().contains(label));
  }

  @Override
  public List<Connection> matching(Predicate<Connection> predicate) {
    List<Connection> result = new ArrayList<>();
    for (LiveConnection c : byId.values()) {
      if (predicate.test(c)) {
        result.add(c);
      }
    }
    return result;
  }

  @Override
  public Collection<Connection> all() {
    return List.copyOf(byId.values());
  }

  @Override
  public int count() {
    return byId.size();
  }

  @Override
  public int countForUser(UserId user) {
    return liveByUser(user).size();
  }
}
