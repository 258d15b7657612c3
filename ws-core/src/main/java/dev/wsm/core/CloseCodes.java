package dev.wsm.core;

/**
 * WebSocket close codes wsm uses. Codes 1000-1011 are RFC 6455; 4000-4099 are wsm's own and stable.
 */
public final class CloseCodes {
  /** Normal closure. */
  public static final int NORMAL = 1000;
  /** The server is shutting down ({@code Hub.shutdown}); reconnect to another node or later. */
  public static final int GOING_AWAY = 1001;
  /** The client violated the protocol at the WebSocket level. */
  public static final int PROTOCOL_ERROR = 1002;
  /** A policy was violated (e.g. an unsupported frame). */
  public static final int POLICY_VIOLATION = 1008;
  /** A message exceeded the maximum message size. */
  public static final int TOO_BIG = 1009;
  /** An unexpected server error. */
  public static final int INTERNAL_ERROR = 1011;
  /** No frame or pong arrived within the heartbeat timeout. */
  public static final int HEARTBEAT_TIMEOUT = 4000;
  /** The client did not read fast enough: its outbound queue passed its limit. Reconnect to resume. */
  public static final int SLOW_CONSUMER = 4001;
  /**
   * The client kept sending messages that are not valid protocol frames: {@code
   * LimitOptions.maxErrors} protocol errors within its window.
   */
  public static final int TOO_MANY_ERRORS = 4002;
  /** The connection was closed by the server application (kicked). */
  public static final int KICKED = 4003;
  /**
   * The client kept sending over its rate limit: {@code LimitOptions.maxViolations} messages
   * answered {@code rate_limited} within its window.
   */
  public static final int RATE_LIMITED = 4008;
  /**
   * The user (or the remote address) holds more connections than the per-user (per-address) limit
   * allows; normally refused with HTTP 429 at the handshake, this code closes the rare connection
   * that raced past that check.
   */
  public static final int TOO_MANY_CONNECTIONS = 4029;

  private CloseCodes() {}
}
