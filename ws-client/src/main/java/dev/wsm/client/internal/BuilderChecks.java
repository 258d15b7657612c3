package dev.wsm.client.internal;

import java.net.URI;

/**
 * The checks of {@link dev.wsm.client.WsmClient.Builder}'s arguments: each returns its value or
 * throws {@link IllegalArgumentException} saying what is wrong, on the caller's thread.
 */
public final class BuilderChecks {
  private BuilderChecks() {}

  /** A {@code ws://} or {@code wss://} URL with a host and no fragment. */
  public static URI serverUri(URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri must not be null");
    }
    String scheme = uri.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "uri must start with ws:// or wss:// (was " + uri.getScheme() + "://…)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("uri must name a host (was " + uri + ")");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("uri must not have a fragment (#…)");
    }
    return uri;
  }

  /** 1 to 128 characters, no control characters. */
  public static String user(String value) {
    if (value == null || value.isEmpty() || value.length() > 128) {
      throw new IllegalArgumentException("user must be 1 to 128 characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("user must not contain control characters");
    }
    return value;
  }

  /** 1 to 64 characters of {@code A-Z a-z 0-9 . _ : -}. */
  public static String device(String value) {
    if (value == null || !value.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException(
          "device must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }
    return value;
  }

  /** Not blank, printable ASCII (it travels in an HTTP header). */
  public static String bearerToken(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("bearerToken must not be empty");
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c) || c > 0x7e)) {
      throw new IllegalArgumentException(
          "bearerToken must be printable ASCII (it travels in an HTTP header)");
    }
    return value;
  }
}
