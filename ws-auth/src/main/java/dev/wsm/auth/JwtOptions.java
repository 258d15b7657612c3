package dev.wsm.auth;

import dev.wsm.auth.internal.Pem;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * How {@link JwtAuthenticator} checks tokens. Immutable; start from {@link #hmac(String)},
 * {@link #hmac(byte[])} or {@link #publicKeyPem(String)}.
 *
 * @param key the verification key: an HMAC secret of at least 32 bytes (256 bits), an RSA public
 *     key of at least 2048 bits, or an EC public key (P-256, P-384 or P-521)
 * @param algorithms the JWS algorithms accepted, an allow-list that must fit the key: by default
 *     {@code HS256}/{@code HS384}/{@code HS512} (those the secret is long enough for) for a secret,
 *     {@code RS*}/{@code PS*} for RSA, and the one {@code ES*} of the key's curve for EC. A token
 *     with any other {@code alg}, {@code none} included, is refused
 * @param issuer the required {@code iss}, or empty to accept any
 * @param audience the audience that {@code aud} must contain, or empty to accept any
 * @param leeway clock skew allowed on {@code exp} and {@code nbf} (default 30 s, at most 5 min)
 * @param userClaim the claim holding the user id (default {@code sub})
 * @param rolesClaim the claim holding the roles, an array of strings or one space- or
 *     comma-separated string (default {@code roles})
 */
public record JwtOptions(Key key, Set<String> algorithms, Optional<String> issuer,
    Optional<String> audience, Duration leeway, String userClaim, String rolesClaim) {
  /** The default clock skew allowed on {@code exp} and {@code nbf}. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  private static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

  public JwtOptions {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(leeway, "leeway");
    Set<String> fitting = algorithmsFor(key);
    algorithms = Set.copyOf(algorithms);
    if (algorithms.isEmpty() || !fitting.containsAll(algorithms)) {
      throw new IllegalArgumentException("algorithms must be a non-empty subset of " + fitting
          + " for this key (was " + algorithms + ")");
    }
    if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
      throw new IllegalArgumentException("leeway must be 0 to 5 minutes");
    }
    if (userClaim == null || userClaim.isBlank() || rolesClaim == null || rolesClaim.isBlank()) {
      throw new IllegalArgumentException("userClaim and rolesClaim must not be blank");
    }
    if (issuer.isPresent() && issuer.get().isBlank() || audience.isPresent() && audience.get().isBlank()) {
      throw new IllegalArgumentException("issuer and audience must not be blank when given");
    }
  }

  /** Tokens signed with an HMAC secret (UTF-8 bytes of {@code secret}, at least 32). */
  public static JwtOptions hmac(String secret) {
    return hmac(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  /** Tokens signed with an HMAC secret of at least 32 bytes. */
  public static JwtOptions hmac(byte[] secret) {
    return of(new SecretKeySpec(secret.clone(), "HmacSHA256"));
  }

  /** Tokens signed with the private half of an RSA or EC public key in PEM ({@code BEGIN PUBLIC KEY}). */
  public static JwtOptions publicKeyPem(String pem) {
    return of(Pem.publicKey(pem));
  }

  /** Tokens verified with {@code key}, every algorithm that fits it, and the defaults. */
  public static JwtOptions of(Key key) {
    return new JwtOptions(key, algorithmsFor(key), Optional.empty(), Optional.empty(),
        DEFAULT_LEEWAY, "sub", "roles");
  }

  public JwtOptions withAlgorithms(Set<String> newAlgorithms) {
    return new JwtOptions(key, newAlgorithms, issuer, audience, leeway, userClaim, rolesClaim);
  }

  public JwtOptions withIssuer(String newIssuer) {
    return new JwtOptions(key, algorithms, Optional.of(newIssuer), audience, leeway, userClaim, rolesClaim);
  }

  public JwtOptions withAudience(String newAudience) {
    return new JwtOptions(key, algorithms, issuer, Optional.of(newAudience), leeway, userClaim, rolesClaim);
  }

  public JwtOptions withLeeway(Duration newLeeway) {
    return new JwtOptions(key, algorithms, issuer, audience, newLeeway, userClaim, rolesClaim);
  }

  public JwtOptions withUserClaim(String newUserClaim) {
    return new JwtOptions(key, algorithms, issuer, audience, leeway, newUserClaim, rolesClaim);
  }

  public JwtOptions withRolesClaim(String newRolesClaim) {
    return new JwtOptions(key, algorithms, issuer, audience, leeway, userClaim, newRolesClaim);
  }

  /** The JWS algorithms a key can verify: what pins the algorithm to the key type. */
  static Set<String> algorithmsFor(Key key) {
    if (key instanceof SecretKey secret) {
      byte[] bytes = secret.getEncoded();
      int length = bytes == null ? 0 : bytes.length;
      if (length < 32) {
        throw new IllegalArgumentException("an HMAC secret must be at least 32 bytes (256 bits)");
      }
      Set<String> fitting = new LinkedHashSet<>();
      fitting.add("HS256");
      if (length >= 48) {
        fitting.add("HS384");
      }
      if (length >= 64) {
        fitting.add("HS512");
      }
      return Set.copyOf(fitting);
    }
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("an RSA key must be at least 2048 bits");
      }
      return Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    }
    if (key instanceof ECPublicKey ec) {
      return switch (ec.getParams().getCurve().getField().getFieldSize()) {
        case 256 -> Set.of("ES256");
        case 384 -> Set.of("ES384");
        case 521 -> Set.of("ES512");
        default -> throw new IllegalArgumentException("an EC key must be on P-256, P-384 or P-521");
      };
    }
    throw new IllegalArgumentException(
        "the key must be an HMAC secret, an RSA public key or an EC public key (was "
            + key.getAlgorithm() + ")");
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "JwtOptions[key=" + key.getAlgorithm() + ", algorithms=" + algorithms + ", issuer="
        + issuer + ", audience=" + audience + ", leeway=" + leeway + ", userClaim=" + userClaim
        + ", rolesClaim=" + rolesClaim + "]";
  }
}
