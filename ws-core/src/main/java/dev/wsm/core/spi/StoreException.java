package dev.wsm.core.spi;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;

/**
 * A store failed (I/O, corruption, timeout). Wraps the driver's exception so that no driver type
 * crosses the SPI. Clients see {@code internal} and the cause goes to the log; a store that is only
 * overloaded or not running says {@link ErrorCode#UNAVAILABLE}, and clients see that, with a generic
 * message.
 */
public class StoreException extends WsException {
  public StoreException(String message, Throwable cause) {
    super(ErrorCode.INTERNAL, message, cause);
  }

  public StoreException(String message) {
    super(ErrorCode.INTERNAL, message);
  }

  /** A failure with {@code code}: {@link ErrorCode#INTERNAL} or {@link ErrorCode#UNAVAILABLE}. */
  protected StoreException(ErrorCode code, String message, Throwable cause) {
    super(requireStoreCode(code), message, cause);
  }

  private static ErrorCode requireStoreCode(ErrorCode code) {
    if (code != ErrorCode.INTERNAL && code != ErrorCode.UNAVAILABLE) {
      throw new IllegalArgumentException("a store fails with internal or unavailable, not " + code);
    }
    return code;
  }
}
