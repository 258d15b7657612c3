package dev.wsm.core;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** 128-bit random ids in URL-safe base64 (22 characters); unguessable enough for ids, not for secrets. */
final class RandomIds {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private RandomIds() {}

  /**
   * 48 bits of milliseconds since the epoch, then 80 random bits. Ids made close in time share
   * their first characters, so a store's index on them grows at one end instead of everywhere.
   */
  static String nextTimeOrdered() {
    byte[] bytes = new byte[16];
    long millis = System.currentTimeMillis();
    for (int i = 5; i >= 0; i--) {
      bytes[i] = (byte) millis;
      millis >>>= 8;
    }
    byte[] tail = new byte[10];
    ThreadLocalRandom.current().nextBytes(tail);
    System.arraycopy(tail, 0, bytes, 6, 10);
    return ENCODER.encodeToString(bytes);
  }

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
