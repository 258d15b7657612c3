package dev.wsm.store.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script of the store, read from {@code <name>.lua} beside this class. Run by its SHA-1
 * ({@code EVALSHA}); sent in full only when the server does not know it yet ({@code NOSCRIPT}).
 */
record Script(String name, String body, String sha) {

  static Script load(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name + ".lua");
      }
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Script(name, body, sha1(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String body) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
