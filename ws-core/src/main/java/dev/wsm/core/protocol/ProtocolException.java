package dev.wsm.core.protocol;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;

/**
 * A client frame could not be decoded; carries the frame's {@code ref} when it could be read. It has
 * no stack trace: it describes the input, not the server.
 */
public final class ProtocolException extends WsException {
  private final String ref;

  public ProtocolException(ErrorCode code, String message, String ref) {
    super(code, message, false);
    this.ref = ref;
  }

  /** The {@code ref} of the offending frame, or null. */
  public String ref() {
    return ref;
  }
}
