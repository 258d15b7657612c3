package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.ConnectionQuota;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The connection quota of one node, in memory: the same counts as the node's own checks, so it
 * never refuses what they admitted. Users and addresses leave the maps with their last connection.
 */
@Singleton
public final class InMemoryConnectionQuota implements ConnectionQuota {
  private record Counted(UserId user, String address) {}

  private final Map<ConnectionId, Counted> counted = new HashMap<>();
  private final Map<UserId, Integer> perUser = new HashMap<>();
  private final Map<String, Integer> perAddress = new HashMap<>();

  @Override
  public synchronized CompletionStage<Verdict> reserve(ConnectionId connection, UserId user,
      String address, int maxPerUser, int maxPerAddress) {
    if (counted.containsKey(connection)) {
      return Futures.done(Verdict.ADMITTED);
    }
    if (maxPerUser > 0 && perUser.getOrDefault(user, 0) >= maxPerUser) {
      return Futures.done(Verdict.USER_FULL);
    }
    if (address != null && maxPerAddress > 0
        && perAddress.getOrDefault(address, 0) >= maxPerAddress) {
      return Futures.done(Verdict.ADDRESS_FULL);
    }
    counted.put(connection, new Counted(user, address));
    perUser.merge(user, 1, Integer::sum);
    if (address != null) {
      perAddress.merge(address, 1, Integer::sum);
    }
    return Futures.done(Verdict.ADMITTED);
  }

  @Override
  public synchronized CompletionStage<Void> release(ConnectionId connection) {
    Counted c = counted.remove(connection);
    if (c != null) {
      perUser.computeIfPresent(c.user(), (u, n) -> n <= 1 ? null : n - 1);
      if (c.address() != null) {
        perAddress.computeIfPresent(c.address(), (a, n) -> n <= 1 ? null : n - 1);
      }
    }
    return Futures.done(null);
  }

  @Override
  public synchronized CompletionStage<Integer> countForUser(UserId user) {
    return Futures.done(perUser.getOrDefault(user, 0));
  }

  @Override
  public synchronized CompletionStage<Integer> countForAddress(String address) {
    return Futures.done(perAddress.getOrDefault(address, 0));
  }
}
