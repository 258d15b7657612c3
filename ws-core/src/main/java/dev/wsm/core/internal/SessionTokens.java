package dev.wsm.core.internal;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.MessageId;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens: {@code v1.<user, base64url>.<session id>.<issued millis>.<HMAC-SHA256>}. Stateless:
 * any node holding the same secret verifies them, also after a restart. Comparison is constant-time.
 */
@Singleton
public final class SessionTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int MAX_LENGTH = 512;

  private final SecretKeySpec key;
  private final ResumeOptions options;
  private final Clock clock;

  @Inject
  public SessionTokens(ResumeOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.key = new SecretKeySpec(options.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** A new token for {@code user}. */
  public String issue(UserId user) {
    String body = "v1." + B64.encodeToString(user.value().getBytes(StandardCharsets.UTF_8)) + "."
        + MessageId.random().value() + "." + clock.millis();
    return body + "." + B64.encodeToString(mac(body));
  }

  /** Checks that {@code token} is genuine, unexpired and {@code user}'s; throws otherwise. */
  public void verify(String token, UserId user) {
    if (token == null || token.length() > MAX_LENGTH) {
      throw invalid("the session token is malformed");
    }
    int sig = token.lastIndexOf('.');
    String[] parts = token.split("\\.", -1);
    if (parts.length != 5 || !"v1".equals(parts[0]) || sig < 0) {
      throw invalid("the session token is malformed");
    }
    byte[] given;
    try {
      given = B64D.decode(parts[4]);
    } catch (IllegalArgumentException e) {
      throw invalid("the session token is malformed");
    }
    if (!MessageDigest.isEqual(given, mac(token.substring(0, sig)))) {
      throw invalid("the session token is not genuine (issued by a server with another key?)");
    }
    String owner;
    long issued;
    try {
      owner = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
      issued = Long.parseLong(parts[3]);
    } catch (IllegalArgumentException e) {
      throw invalid("the session token is malformed");
    }
    if (!owner.equals(user.value())) {
      throw invalid("the session token belongs to another user");
    }
    if (Instant.ofEpochMilli(issued).plus(options.sessionValidity()).isBefore(clock.instant())) {
      throw invalid("the session token has expired");
    }
  }

  /**
   * One initialised HMAC per thread: {@code Mac.getInstance} and {@code init} look the provider up
   * and expand the key on every call, a noticeable share of a connect in a reconnect storm (every
   * welcome carries a token). {@code doFinal} resets the Mac for the next use.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private byte[] mac(String body) {
    return macs.get().doFinal(body.getBytes(StandardCharsets.UTF_8));
  }

  private static WsException invalid(String message) {
    return new WsException(ErrorCode.INVALID_SESSION, message);
  }
}
