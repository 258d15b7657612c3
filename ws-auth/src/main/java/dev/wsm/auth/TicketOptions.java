package dev.wsm.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * How {@link ConnectionTickets} issues and redeems tickets. Immutable; start from {@link #DEFAULTS}.
 *
 * @param key the HMAC-SHA256 key that signs tickets, at least 32 bytes; every node that redeems a
 *     ticket needs the key of the node that issued it (default: a random key made when the JVM
 *     starts, so tickets work on one node only)
 * @param ttl how long a ticket can be redeemed after it is issued (default 30 s, at most 10 min)
 * @param ledgerCapacity most redeemed-and-unexpired ticket ids the in-memory ledger remembers; when
 *     it is full of unexpired ids, further redemptions are refused with 503 (default 100,000)
 */
public record TicketOptions(SecretKey key, Duration ttl, int ledgerCapacity) {
  private static final Duration MAX_TTL = Duration.ofMinutes(10);
  public static final TicketOptions DEFAULTS =
      new TicketOptions(randomKey(), Duration.ofSeconds(30), 100_000);

  public TicketOptions {
    Objects.requireNonNull(key, "key");
    byte[] bytes = key.getEncoded();
    if (bytes == null || bytes.length < 32) {
      throw new IllegalArgumentException("the ticket key must be at least 32 bytes (256 bits)");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl must be positive and at most 10 minutes");
    }
    if (ledgerCapacity < 1) {
      throw new IllegalArgumentException("ledgerCapacity must be positive");
    }
  }

  /** Signs with the UTF-8 bytes of {@code secret} (at least 32): share it across nodes. */
  public TicketOptions withSecret(String secret) {
    return new TicketOptions(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
        ttl, ledgerCapacity);
  }

  public TicketOptions withTtl(Duration newTtl) {
    return new TicketOptions(key, newTtl, ledgerCapacity);
  }

  public TicketOptions withLedgerCapacity(int newCapacity) {
    return new TicketOptions(key, ttl, newCapacity);
  }

  private static SecretKey randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new SecretKeySpec(bytes, "HmacSHA256");
  }

  @Override
  public String toString() {
    return "TicketOptions[key=(hidden), ttl=" + ttl + ", ledgerCapacity=" + ledgerCapacity + "]";
  }
}
