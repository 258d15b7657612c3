package dev.wsm.store.redis;

import dev.wsm.core.spi.StoreException;

/** A failure of the Redis store, with a reason callers can act on. */
public final class RedisStoreException extends StoreException {
  /** What went wrong. */
  public enum Reason {
    /** The server could not be reached, or refused the connection (address, password, TLS). */
    CANNOT_CONNECT,
    /** A command did not complete within the command timeout. */
    TIMEOUT,
    /** Redis is unreachable and the queue of waiting commands is full. */
    OVERLOADED,
    /** The store is not started, or already stopped. */
    NOT_RUNNING,
    /** Redis answered with an error. */
    SERVER_ERROR
  }

  private final Reason reason;

  public RedisStoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  public RedisStoreException(Reason reason, String message, Throwable cause) {
    super(reason == Reason.OVERLOADED || reason == Reason.NOT_RUNNING
        ? dev.wsm.core.ErrorCode.UNAVAILABLE : dev.wsm.core.ErrorCode.INTERNAL, message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
