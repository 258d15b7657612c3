package dev.wsm.core;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** 128-bit random ids in URL-safe base64 (22 characters); unguessable enough for ids, not for secrets. */
final class RandomIds {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private RandomIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
