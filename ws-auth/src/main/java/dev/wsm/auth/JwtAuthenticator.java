package dev.wsm.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.wsm.auth.internal.Claims;
import dev.wsm.auth.internal.Tokens;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Authenticator;
import dev.wsm.core.spi.Handshake;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Authenticates connections with a signed JWT (JWS compact form), checked with Nimbus JOSE+JWT.
 *
 * <p>The token comes from the {@code Authorization: Bearer …} header, or else from the {@code
 * token} query parameter (browsers cannot set headers on a WebSocket; prefer a
 * {@link ConnectionTickets ticket} there, since URLs end up in proxy logs). The
 * {@code Sec-WebSocket-Protocol} header is not read: a browser fails the connection unless the
 * server echoes a chosen subprotocol, which the transports do not do.
 *
 * <p>Refusals, as HTTP statuses before the upgrade: no token, 401 {@code missing token}; a token
 * that is malformed, has an {@code alg} outside {@link JwtOptions#algorithms()} ({@code none} and
 * HMAC with a public key included), a bad signature, is expired or not yet valid (beyond the
 * leeway), has no {@code exp}, or the wrong {@code iss} or {@code aud}: 401 {@code invalid token:
 * REASON}; a valid token without a usable user id: 403. A reason never contains the token.
 *
 * <p>Thread-safe; never blocks (signature checks only). Tokens longer than 8 KiB are refused
 * without being parsed. A connection ticket is never accepted as a JWT, even when both share a
 * key.
 */
@Singleton
public final class JwtAuthenticator implements Authenticator {
  /** Longest token read; anything longer is refused unparsed. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  private final JwtOptions options;
  private final JWSVerifier verifier;
  private final Clock clock;

  @Inject
  public JwtAuthenticator(JwtOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.verifier = verifierFor(options);
  }

  @Override
  public AuthResult authenticate(Handshake handshake) {
    Optional<String> token = Tokens.bearer(handshake).or(() -> handshake.queryParam("token"));
    if (token.isEmpty() || token.get().isEmpty()) {
      return AuthResult.refuse(401, "missing token");
    }
    return check(token.get());
  }

  /** Checks one token: accepted with its principal, or refused as described above. Never throws. */
  public AuthResult check(String token) {
    try {
      return verify(token);
    } catch (RuntimeException e) {
      // Not logged: a parser's message may quote the token.
      return invalid("malformed");
    }
  }

  private AuthResult verify(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      return invalid("too long");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      return invalid("malformed");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      return invalid("algorithm not allowed");
    }
    if (!options.algorithms().contains(signed.getHeader().getAlgorithm().getName())) {
      return invalid("algorithm not allowed");
    }
    if (Tokens.isTicket(signed.getHeader())) {
      return invalid("a connection ticket is not a token; pass it as ?ticket=");
    }
    try {
      if (!signed.verify(verifier)) {
        return invalid("bad signature");
      }
    } catch (JOSEException | IllegalStateException e) {
      return invalid("bad signature");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalid("malformed claims");
    }
    Optional<String> timeProblem = checkTimes(claims);
    if (timeProblem.isPresent()) {
      return invalid(timeProblem.get());
    }
    if (options.issuer().isPresent() && !options.issuer().get().equals(claims.getIssuer())) {
      return invalid("wrong issuer");
    }
    if (options.audience().isPresent()
        && (claims.getAudience() == null || !claims.getAudience().contains(options.audience().get()))) {
      return invalid("wrong audience");
    }
    return Claims.principal(claims.getClaims(), options.userClaim(), options.rolesClaim());
  }

  private Optional<String> checkTimes(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      return Optional.of("no expiry (exp)");
    }
    if (!now.isBefore(exp.toInstant().plus(options.leeway()))) {
      return Optional.of("expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(options.leeway()).isBefore(nbf.toInstant())) {
      return Optional.of("not yet valid");
    }
    return Optional.empty();
  }

  private static AuthResult invalid(String reason) {
    return AuthResult.refuse(401, "invalid token: " + reason);
  }

  private static JWSVerifier verifierFor(JwtOptions options) {
    try {
      if (options.key() instanceof SecretKey secret) {
        return new MACVerifier(secret);
      }
      if (options.key() instanceof RSAPublicKey rsa) {
        return new RSASSAVerifier(rsa);
      }
      if (options.key() instanceof ECPublicKey ec) {
        return new ECDSAVerifier(ec);
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable JWT key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("unsupported JWT key type " + options.key().getAlgorithm());
  }
}
