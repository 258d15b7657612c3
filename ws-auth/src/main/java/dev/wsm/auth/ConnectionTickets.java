package dev.wsm.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.wsm.auth.internal.Claims;
import dev.wsm.auth.internal.Tokens;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Principal;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One-time connection tickets: the application's backend, which has authenticated the user its own
 * way, {@link #issue issues} a short-lived ticket for a {@link Principal}; the browser connects
 * with {@code ?ticket=…} and the ticket is {@link #redeem redeemed} at the handshake. A long-lived
 * token never has to appear in a URL.
 *
 * <p>A ticket is an HS256 JWS (JOSE type {@code wsm-ticket}) signed with
 * {@link TicketOptions#key()}, carrying a random 128-bit id, the principal and an expiry
 * ({@link TicketOptions#ttl()}, default 30 s). It works once: the {@link TicketLedger} remembers
 * redeemed ids until they expire. With the default in-memory ledger single use is per node
 * (nodes sharing the key could each accept a ticket once) unless a shared ledger is bound.
 *
 * <p>Thread-safe. {@link #issue} may be called from any thread; {@link #redeem} never blocks
 * beyond what the ledger does.
 */
@Singleton
public final class ConnectionTickets {
  /** Longest ticket read; anything longer is refused unparsed. */
  static final int MAX_TICKET_LENGTH = 8192;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TicketOptions options;
  private final TicketLedger ledger;
  private final Clock clock;
  private final MACSigner signer;
  private final MACVerifier verifier;

  @Inject
  public ConnectionTickets(TicketOptions options, TicketLedger ledger, Clock clock) {
    this.options = options;
    this.ledger = ledger;
    this.clock = clock;
    try {
      this.signer = new MACSigner(options.key());
      this.verifier = new MACVerifier(options.key());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable ticket key: " + e.getMessage(), e);
    }
  }

  /** A new ticket for {@code principal}, valid for {@link TicketOptions#ttl()} from now. */
  public String issue(Principal principal) {
    Instant now = clock.instant();
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
        .subject(principal.user().value())
        .claim("roles", List.copyOf(principal.roles()))
        .claim("labels", List.copyOf(principal.labels()))
        .claim("meta", Map.copyOf(principal.metadata()))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(options.ttl())))
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(Tokens.TICKET_TYPE).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a ticket", e);
    }
    return jwt.serialize();
  }

  /**
   * Redeems a ticket: accepted with its principal on first use; refused with 401 ({@code invalid
   * ticket: REASON}: malformed, bad signature, expired, used already) or 503 when the ledger is
   * full. A reason never contains the ticket. Never throws.
   */
  public AuthResult redeem(String ticket) {
    try {
      return verify(ticket);
    } catch (RuntimeException e) {
      // Not logged: a parser's message may quote the ticket.
      return invalid("malformed");
    }
  }

  private AuthResult verify(String ticket) {
    if (ticket.isEmpty() || ticket.length() > MAX_TICKET_LENGTH) {
      return invalid("malformed");
    }
    SignedJWT signed;
    JWTClaimsSet claims;
    try {
      JWT jwt = JWTParser.parse(ticket);
      if (!(jwt instanceof SignedJWT s) || !JWSAlgorithm.HS256.equals(s.getHeader().getAlgorithm())
          || !Tokens.isTicket(s.getHeader())) {
        return invalid("not a ticket");
      }
      signed = s;
      if (!signed.verify(verifier)) {
        return invalid("bad signature");
      }
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      return invalid("malformed");
    } catch (JOSEException | IllegalStateException e) {
      return invalid("bad signature");
    }
    Date exp = claims.getExpirationTime();
    String id = claims.getJWTID();
    if (exp == null || id == null) {
      return invalid("malformed");
    }
    if (!clock.instant().isBefore(exp.toInstant())) {
      return invalid("expired");
    }
    AuthResult result = Claims.principal(claims.getClaims(), "sub", "roles");
    if (!(result instanceof AuthResult.Accepted accepted)) {
      return result;
    }
    Principal principal;
    try {
      principal = new Principal(accepted.principal().user(), accepted.principal().roles(),
          Set.copyOf(claims.getStringListClaim("labels") == null ? List.of()
              : claims.getStringListClaim("labels")),
          stringMap(claims.getJSONObjectClaim("meta")));
    } catch (ParseException | RuntimeException e) {
      return invalid("malformed");
    }
    return switch (ledger.redeem(id, exp.toInstant())) {
      case FIRST_USE -> AuthResult.accept(principal);
      case USED_BEFORE -> invalid("used already");
      case FULL -> AuthResult.refuse(503, "too many tickets in flight, try again later");
    };
  }

  private static Map<String, String> stringMap(Map<String, Object> raw) {
    if (raw == null) {
      return Map.of();
    }
    Map<String, String> out = new java.util.HashMap<>();
    raw.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static AuthResult invalid(String reason) {
    return AuthResult.refuse(401, "invalid ticket: " + reason);
  }
}
