package dev.wsm.core.spi;

import java.util.Objects;

/** An {@link Authenticator}'s decision. */
public sealed interface AuthResult permits AuthResult.Accepted, AuthResult.Refused {

  static AuthResult accept(Principal principal) {
    return new Accepted(principal);
  }

  /** Refuses with an HTTP status (401, 403, 429, …) and a reason safe to show the client. */
  static AuthResult refuse(int status, String reason) {
    return new Refused(status, reason);
  }

  record Accepted(Principal principal) implements AuthResult {
    public Accepted {
      Objects.requireNonNull(principal, "principal");
    }
  }

  record Refused(int status, String reason) implements AuthResult {
    public Refused {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be an HTTP error status");
      }
      Objects.requireNonNull(reason, "reason");
    }
  }
}
