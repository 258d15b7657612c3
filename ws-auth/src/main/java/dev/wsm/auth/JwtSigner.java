package dev.wsm.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wsm.core.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Signs HS256 tokens that {@link JwtAuthenticator} with {@link JwtOptions#hmac(String)} accepts: for
 * tests, tools ({@code wsm token}) and backends that issue their own tokens. Thread-safe.
 */
public final class JwtSigner {
  private final MACSigner signer;

  /** Signs with the UTF-8 bytes of {@code secret}, at least 32 bytes. */
  public JwtSigner(String secret) {
    byte[] bytes = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
    if (bytes.length < 32) {
      throw new IllegalArgumentException("the secret must be at least 32 bytes (256 bits)");
    }
    try {
      signer = new MACSigner(bytes);
    } catch (JOSEException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * A token for {@code user} ({@code sub}) with {@code roles}, issued at {@code now} and expiring
   * {@code ttl} later, with {@code iss} and {@code aud} when given.
   */
  public String sign(UserId user, Set<String> roles, Duration ttl, Optional<String> issuer,
      Optional<String> audience, Instant now) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(user.value())
        .claim("roles", List.copyOf(roles))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)));
    issuer.ifPresent(claims::issuer);
    audience.ifPresent(claims::audience);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the token", e);
    }
    return jwt.serialize();
  }
}
