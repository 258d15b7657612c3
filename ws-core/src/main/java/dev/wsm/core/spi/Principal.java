package dev.wsm.core.spi;

import dev.wsm.core.UserId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who a connection belongs to, as an {@link Authenticator} decided.
 *
 * @param user the user
 * @param roles roles for authorization rules
 * @param labels labels for targeting (e.g. an agent name)
 * @param metadata metadata for targeting and display (e.g. region)
 */
public record Principal(UserId user, Set<String> roles, Set<String> labels, Map<String, String> metadata) {
  public Principal {
    Objects.requireNonNull(user, "user");
    roles = Set.copyOf(roles);
    labels = Set.copyOf(labels);
    metadata = Map.copyOf(metadata);
  }

  public static Principal of(UserId user) {
    return new Principal(user, Set.of(), Set.of(), Map.of());
  }
}
