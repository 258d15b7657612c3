package dev.wsm.transport.javawebsocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * The connections accepted but not yet upgraded, with when each was accepted. Java-WebSocket has
 * neither a handshake timeout nor a cap on handshakes in progress; this adds both. Threads: the
 * selector thread admits, any thread forgets, the transport's timer thread sweeps.
 */
final class PendingHandshakes {
  private final Map<WebSocketImpl, Long> started = new ConcurrentHashMap<>();
  private final int max;
  private final long timeoutNanos;

  PendingHandshakes(int max, java.time.Duration timeout) {
    this.max = max;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Selector thread: records a new connection; false (and nothing recorded) at the cap. */
  boolean admit(WebSocketImpl conn) {
    if (started.size() >= max) {
      return false;
    }
    started.put(conn, System.nanoTime());
    return true;
  }

  /** True while {@code conn} has neither upgraded nor closed. */
  boolean isPending(WebSocketImpl conn) {
    return started.containsKey(conn);
  }

  /** The connection upgraded or closed. Idempotent. */
  void forget(WebSocketImpl conn) {
    started.remove(conn);
  }

  /**
   * Closes the connections whose handshake has run past the timeout and forgets those that have
   * since upgraded or closed. Closing only closes the socket; it never waits on the selector.
   */
  void sweep() {
    long now = System.nanoTime();
    for (Map.Entry<WebSocketImpl, Long> e : started.entrySet()) {
      WebSocketImpl conn = e.getKey();
      if (conn.getReadyState() != ReadyState.NOT_YET_CONNECTED) {
        started.remove(conn);
      } else if (now - e.getValue() >= timeoutNanos) {
        started.remove(conn);
        conn.closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
      }
    }
  }
}
