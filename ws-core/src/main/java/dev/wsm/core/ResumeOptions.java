package dev.wsm.core;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How clients resume after a reconnect. Immutable; start from {@link #DEFAULTS}.
 *
 * @param secret the key that signs session tokens, at least 32 characters; tokens signed with
 *     another key are refused, so keep it across restarts for sessions to survive them (default: a
 *     random key made when the JVM starts)
 * @param sessionValidity how long a session token can be used after its {@code welcome} (default
 *     24 h)
 * @param maxRecovered most missed messages sent per room; a bigger gap is {@code recovered:false}
 *     (default 10,000)
 * @param presenceGrace how long a dropped connection stays in its rooms and keeps its user online:
 *     a reconnect within it causes no {@code left}/{@code joined} and no offline flap (default 10 s;
 *     zero for none)
 */
public record ResumeOptions(String secret, Duration sessionValidity, int maxRecovered,
    Duration presenceGrace) {
  public static final ResumeOptions DEFAULTS =
      new ResumeOptions(randomSecret(), Duration.ofHours(24), 10_000, Duration.ofSeconds(10));

  public ResumeOptions {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < 32) {
      throw new IllegalArgumentException("the session secret must be at least 32 characters");
    }
    if (sessionValidity == null || sessionValidity.isNegative() || sessionValidity.isZero()) {
      throw new IllegalArgumentException("sessionValidity must be positive");
    }
    if (maxRecovered < 0) {
      throw new IllegalArgumentException("maxRecovered must not be negative");
    }
    if (presenceGrace == null || presenceGrace.isNegative()) {
      throw new IllegalArgumentException("presenceGrace must not be negative");
    }
  }

  public ResumeOptions withSecret(String newSecret) {
    return new ResumeOptions(newSecret, sessionValidity, maxRecovered, presenceGrace);
  }

  public ResumeOptions withSessionValidity(Duration newValidity) {
    return new ResumeOptions(secret, newValidity, maxRecovered, presenceGrace);
  }

  public ResumeOptions withMaxRecovered(int newMax) {
    return new ResumeOptions(secret, sessionValidity, newMax, presenceGrace);
  }

  public ResumeOptions withPresenceGrace(Duration newGrace) {
    return new ResumeOptions(secret, sessionValidity, maxRecovered, newGrace);
  }

  /** 32 random bytes, base64: a fresh key. */
  public static String randomSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public String toString() {
    return "ResumeOptions[secret=<hidden>, sessionValidity=" + sessionValidity + ", maxRecovered="
        + maxRecovered + ", presenceGrace=" + presenceGrace + "]";
  }
}
