package dev.wsm.core.internal;

import dev.wsm.core.UserId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This node's last word from the {@link dev.wsm.core.spi.ConnectionQuota} on which users and
 * addresses are at their cluster-wide limit, so that the handshake can refuse them (429) without
 * asking the quota's store. A mark is set by a refusal of the quota, cleared when a counted
 * connection of that user or address closes on this node, and forgotten after {@link #TTL_NANOS}
 * (a slot freed on another node is seen here within that time). Bounded: at most {@link
 * #MAX_ENTRIES} marks per kind; beyond that, new marks are not kept (the late refusal still holds).
 * Non-blocking and thread-safe.
 */
final class FullQuotas {
  static final long TTL_NANOS = 2_000_000_000L;
  static final int MAX_ENTRIES = 10_000;

  private final ConcurrentHashMap<UserId, Long> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> addresses = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  FullQuotas() {
    this(System::nanoTime);
  }

  FullQuotas(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The quota refused a connection of {@code user}: the user is at its limit. */
  void userFull(UserId user) {
    mark(users, user);
  }

  /** The quota refused a connection from {@code address}: the address is at its limit. */
  void addressFull(String address) {
    mark(addresses, address);
  }

  /** A counted connection of {@code user} from {@code address} (may be null) closed here. */
  void freed(UserId user, String address) {
    users.remove(user);
    if (address != null) {
      addresses.remove(address);
    }
  }

  boolean isUserFull(UserId user) {
    return isMarked(users, user);
  }

  boolean isAddressFull(String address) {
    return address != null && isMarked(addresses, address);
  }

  /** Marks kept now, users and addresses (for tests of the bound). */
  int size() {
    return users.size() + addresses.size();
  }

  private <K> void mark(ConcurrentHashMap<K, Long> marks, K key) {
    long now = nanoTime.getAsLong();
    if (marks.size() >= MAX_ENTRIES && !marks.containsKey(key)) {
      marks.entrySet().removeIf(e -> now - e.getValue() >= TTL_NANOS);
      if (marks.size() >= MAX_ENTRIES) {
        return;
      }
    }
    marks.put(key, now);
  }

  private <K> boolean isMarked(ConcurrentHashMap<K, Long> marks, K key) {
    Long at = marks.get(key);
    if (at == null) {
      return false;
    }
    if (nanoTime.getAsLong() - at < TTL_NANOS) {
      return true;
    }
    marks.remove(key, at);
    return false;
  }
}
