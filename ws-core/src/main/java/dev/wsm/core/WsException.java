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

  public ErrorCode code() {
    return code;
  }
}
