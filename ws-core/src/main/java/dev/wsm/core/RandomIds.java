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
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long low = random.nextLong();
    long high = System.currentTimeMillis() << 16 | (random.nextInt() & 0xffff);
    return encode(high, low);
  }

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The 16 bytes {@code high} then {@code low} (big-endian) in URL-safe base64 without padding, as
   * {@link Base64#getUrlEncoder()} writes them: 21 characters of 6 bits, then the last 2 bits.
   */
  static String encode(long high, long low) {
    byte[] out = new byte[22];
    // 128 bits read 6 at a time from the top: bits 127..2 make 21 characters.
    for (int i = 0; i < 21; i++) {
      int shift = 122 - 6 * i; // the lowest bit of character i
      int sixBits;
      if (shift >= 64) {
        sixBits = (int) (high >>> (shift - 64)) & 0x3f;
      } else if (shift <= 58) {
        sixBits = (int) (low >>> shift) & 0x3f;
      } else {
        sixBits = (int) ((high << (64 - shift)) | (low >>> shift)) & 0x3f;
      }
      out[i] = ALPHABET[sixBits];
    }
    out[21] = ALPHABET[(int) (low & 0x3) << 4];
    return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
