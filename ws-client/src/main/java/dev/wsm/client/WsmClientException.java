package dev.wsm.client;

import java.util.Objects;

/**
 * A request failed, or the client could not do what was asked. {@link #code()} is the server's
 * stable error code (docs/protocol.md section 5, e.g. {@code forbidden}) when the server refused
 * the request, and one of the {@code client.…} constants below when the client gave up on its
 * own. No protocol code contains a dot, so the two never collide. Unknown server codes are passed
 * through.
 */
public class WsmClientException extends RuntimeException {
  /** The request got no reply within the request timeout ({@link RequestTimeoutException}). */
  public static final String TIMEOUT = "client.timeout";
  /** The client was closed, by {@link WsmClient#close()} or because it stopped reconnecting. */
  public static final String CLOSED = "client.closed";
  /** The request was not yet answered when the connection was lost; the server may have done it. */
  public static final String DISCONNECTED = "client.disconnected";
  /** Too many requests are pending or queued ({@link WsmClientOptions#maxPendingRequests()}). */
  public static final String OVERLOADED = "client.overloaded";
  /** {@link WsmClient#connect()} has not been called. */
  public static final String NOT_CONNECTED = "client.not_connected";
  /** The first connection could not be opened, or the server refused it. */
  public static final String CONNECT_FAILED = "client.connect_failed";
  /** The server sent something the client cannot read, or the event queue overflowed. */
  public static final String PROTOCOL = "client.protocol";

  private final String code;

  public WsmClientException(String code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public WsmClientException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The server's error code, or a {@code client.…} code; never null. */
  public String code() {
    return code;
  }

  /** True when the server refused the request (the code is a protocol error code). */
  public boolean isServerError() {
    return !code.startsWith("client.");
  }
}
