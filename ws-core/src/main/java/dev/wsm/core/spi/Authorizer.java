package dev.wsm.core.spi;

import dev.wsm.core.ErrorCode;
import java.util.Objects;

/**
 * Decides whether a connection may do what it asks, on every {@link Access operation}: join,
 * publish, direct, history and members. The protocol's own rules (membership for publish, history
 * and members; the password of a private room) always apply as well: an authorizer narrows, it
 * never widens. The default binding allows everything the protocol allows; bind your own with
 * {@code OptionalBinder.newOptionalBinder(binder, Authorizer.class).setBinding()}.
 *
 * <p>Threading: when {@link #mayBlock()} is true (the default) the core calls
 * {@link #authorize} on its work pool (never on a transport thread), one operation of a connection
 * at a time and in the order they arrived, so it may look things up. A saturated pool fails the
 * request with {@code unavailable}. An authorizer that answers from memory should return false
 * from {@link #mayBlock()}: it is then called on the transport thread, with no hand-off.
 *
 * <p>A refusal answers the request with its {@link Decision#code()} ({@code forbidden} unless
 * given) and reason; the connection stays open. {@link #authorize} must not throw: an exception
 * is logged and answered with {@code internal}.
 */
public interface Authorizer {

  Decision authorize(Access access);

  /** Whether {@link #authorize} may block (do I/O, wait on a lock); true unless overridden. */
  default boolean mayBlock() {
    return true;
  }

  /**
   * An authorizer's answer.
   *
   * @param allowed whether the operation goes ahead
   * @param code for a refusal, {@link ErrorCode#FORBIDDEN} or {@link ErrorCode#UNAUTHORIZED}
   * @param reason for a refusal, a short message safe to show the client
   */
  record Decision(boolean allowed, ErrorCode code, String reason) {
    private static final Decision ALLOW = new Decision(true, null, null);

    public Decision {
      if (!allowed) {
        if (code != ErrorCode.FORBIDDEN && code != ErrorCode.UNAUTHORIZED) {
          throw new IllegalArgumentException("a refusal's code is FORBIDDEN or UNAUTHORIZED");
        }
        Objects.requireNonNull(reason, "reason");
      }
    }

    public static Decision allow() {
      return ALLOW;
    }

    /** Refuses with {@code forbidden}. */
    public static Decision deny(String reason) {
      return new Decision(false, ErrorCode.FORBIDDEN, reason);
    }

    /** Refuses with {@code forbidden} or {@code unauthorized}. */
    public static Decision deny(ErrorCode code, String reason) {
      return new Decision(false, code, reason);
    }
  }
}
