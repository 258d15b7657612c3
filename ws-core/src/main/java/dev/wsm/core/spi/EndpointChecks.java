package dev.wsm.core.spi;

/**
 * The rules every transport applies to where it listens and what it accepts, so that each
 * transport's options fail alike, at construction, with the same message.
 */
public final class EndpointChecks {
  private EndpointChecks() {}

  /**
   * Validates a listening endpoint: a non-blank host, a port from 0 to 65535 (0 picks a free one), a
   * path that starts with {@code /} and holds no query or spaces, and a maximum message size of at
   * least 128 bytes. Throws {@link IllegalArgumentException} naming the offending value.
   */
  public static void check(String host, int port, String path, int maxMessageSize) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535 (was " + port + ")");
    }
    if (path == null || !path.startsWith("/") || path.contains("?") || path.contains(" ")) {
      throw new IllegalArgumentException("path must start with '/' and hold no query or spaces");
    }
    if (maxMessageSize < 128) {
      throw new IllegalArgumentException("maxMessageSize must be at least 128 bytes");
    }
  }
}
