package dev.wsm.core.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Room password hashing: PBKDF2-HMAC-SHA256 with a 16-byte random salt and a 32-byte key, encoded
 * with its parameters ({@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, base64) so the cost can be raised
 * later without breaking stored hashes. Verification is constant-time. CPU-heavy by design: call it
 * off transport threads.
 */
public final class PasswordHasher {
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Bounds on the cost read from a stored hash: a corrupt or hostile row cannot burn minutes. */
  static final int MIN_ITERATIONS = 1_000;
  static final int MAX_ITERATIONS = 10_000_000;
  private final int iterations;

  public PasswordHasher(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
    }
    this.iterations = iterations;
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
  }

  /** True if the password matches; false for a wrong password or an unreadable hash. */
  public boolean verify(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !PREFIX.equals(parts[0])) {
      return false;
    }
    try {
      int n = Integer.parseInt(parts[1]);
      if (n < MIN_ITERATIONS || n > MAX_ITERATIONS) {
        return false;
      }
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(derive(password, salt, n), expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
