package dev.wsm.core.spi;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;

/**
 * A store failed (I/O, corruption, timeout). Wraps the driver's exception so that no driver type
 * crosses the SPI. Clients see {@code internal}; the cause goes to the log.
 */
public class StoreException extends WsException {
  public StoreException(String message, Throwable cause) {
    super(ErrorCode.INTERNAL, message, cause);
  }

  public StoreException(String message) {
    super(ErrorCode.INTERNAL, message);
  }
}
