package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks a handshake passes before authentication, in the core so that every transport applies
 * them before its 101 response: the Origin allowlist (403) and the per-address connection cap
 * (429). Also counts open connections per remote address; an address leaves the map with its last
 * connection. Non-blocking.
 */
@Singleton
public final class ConnectionAdmission {
  private final LimitOptions options;
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  /** Where each counted connection comes from (a closed socket may no longer say). */
  private final ConcurrentHashMap<ConnectionId, InetAddress> addressOf = new ConcurrentHashMap<>();

  @Inject
  public ConnectionAdmission(LimitOptions options) {
    this.options = options;
  }

  /** The refusal for a handshake that fails a check, or empty. */
  public Optional<AuthResult> refusal(Handshake handshake) {
    if (!options.allowedOrigins().isEmpty()) {
      Optional<String> origin = handshake.header("origin");
      if (origin.isPresent() && !options.allowedOrigins().contains(origin.get())) {
        return Optional.of(AuthResult.refuse(403, "origin not allowed"));
      }
    }
    InetAddress address = address(handshake.remoteAddress());
    int max = options.maxConnectionsPerIp();
    if (max > 0 && address != null && perAddress.getOrDefault(address, 0) >= max) {
      return Optional.of(AuthResult.refuse(429,
          "too many connections from this address (limit " + max + ")"));
    }
    return Optional.empty();
  }

  /**
   * Counts an opened connection from {@code remote} unless its address is at the cap (a handshake
   * that raced past {@link #refusal}); atomic per address. Nothing is counted while there is no cap.
   */
  public boolean opened(ConnectionId connection, InetSocketAddress remote) {
    InetAddress address = address(remote);
    int max = options.maxConnectionsPerIp();
    if (address == null || max == 0) {
      return true;
    }
    boolean[] counted = {false};
    perAddress.compute(address, (a, n) -> {
      int open = n == null ? 0 : n;
      if (open >= max) {
        return n;
      }
      counted[0] = true;
      return open + 1;
    });
    if (counted[0]) {
      addressOf.put(connection, address);
    }
    return counted[0];
  }

  /** Uncounts a connection that {@link #opened} counted; does nothing for another. */
  public void closed(ConnectionId connection) {
    InetAddress address = addressOf.remove(connection);
    if (address != null) {
      perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Addresses with open connections (for tests of the memory bound). */
  int addresses() {
    return perAddress.size();
  }

  private static InetAddress address(InetSocketAddress remote) {
    return remote == null ? null : remote.getAddress();
  }
}
