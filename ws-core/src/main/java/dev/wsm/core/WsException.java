package dev.wsm.core;

import java.util.Objects;

/**
 * The root of every exception wsm throws. It carries a stable {@link ErrorCode}; its message is safe
 * to show to a client (it never contains secrets, tokens or message bodies).
 */
public class WsException extends RuntimeException {
  private final ErrorCode code;

  public WsException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public WsException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * For expected, high-volume failures (e.g. a malformed client frame): no stack trace is
   * captured, which makes rejecting bad input cheap.
   */
  protected WsException(ErrorCode code, String message, boolean captureStackTrace) {
    super(message, null, false, captureStackTrace);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
