package dev.wsm.auth.internal;

import dev.wsm.core.UserId;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Principal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Turns verified claims into a {@link Principal}. */
public final class Claims {
  static final int MAX_ROLES = 64;
  static final int MAX_ROLE_LENGTH = 128;

  private Claims() {}

  /**
   * The principal of verified claims: the user from {@code userClaim} (403 when missing or not a
   * valid user id), roles from {@code rolesClaim} (an array of strings or one space- or
   * comma-separated string; 401 when it is anything else or too big).
   */
  public static AuthResult principal(Map<String, Object> claims, String userClaim, String rolesClaim) {
    Object user = claims.get(userClaim);
    if (!(user instanceof String s) || s.isBlank()) {
      return AuthResult.refuse(403, "token has no user id (claim '" + userClaim + "')");
    }
    UserId id;
    try {
      id = new UserId(s);
    } catch (IllegalArgumentException e) {
      return AuthResult.refuse(403, "token has no valid user id (claim '" + userClaim + "')");
    }
    Set<String> roles = new LinkedHashSet<>();
    Object raw = claims.get(rolesClaim);
    if (raw instanceof String text) {
      for (String role : text.split("[\\s,]+")) {
        if (!role.isEmpty()) {
          roles.add(role);
        }
      }
    } else if (raw instanceof Collection<?> list) {
      for (Object role : list) {
        if (!(role instanceof String r)) {
          return AuthResult.refuse(401, "invalid token: claim '" + rolesClaim + "' must hold strings");
        }
        roles.add(r);
      }
    } else if (raw != null) {
      return AuthResult.refuse(401, "invalid token: claim '" + rolesClaim + "' must hold strings");
    }
    if (roles.size() > MAX_ROLES || roles.stream().anyMatch(r -> r.length() > MAX_ROLE_LENGTH)) {
      return AuthResult.refuse(401, "invalid token: too many or too long roles");
    }
    return AuthResult.accept(new Principal(id, roles, Set.of(), Map.of()));
  }
}
