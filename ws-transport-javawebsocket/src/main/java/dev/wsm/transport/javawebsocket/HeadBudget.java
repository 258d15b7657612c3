package dev.wsm.transport.javawebsocket;

import java.nio.channels.SelectionKey;
import org.java_websocket.WebSocketImpl;

/**
 * Counts the bytes a connection sends before its upgrade completes, against the header limit.
 * Selector thread only.
 */
final class HeadBudget {
  private final PendingHandshakes pending;
  private final SelectionKey key;
  /** Bytes the upgrade request may still take; negative once the connection is past it. */
  private long left;

  HeadBudget(PendingHandshakes pending, SelectionKey key, int maxHeaderBytes) {
    this.pending = pending;
    this.key = key;
    this.left = maxHeaderBytes;
  }

  /** Counts {@code n} bytes read; true when a pending handshake has now sent too many. */
  boolean overspent(int n) {
    if (n <= 0 || left < 0 || !(key.attachment() instanceof WebSocketImpl conn)) {
      return false;
    }
    if (!pending.isPending(conn)) {
      left = -1; // upgraded: no longer counted
      return false;
    }
    left -= n;
    return left < 0;
  }

  /** The connection is closing: it no longer holds a pending-handshake place. */
  void closed() {
    if (key.attachment() instanceof WebSocketImpl conn) {
      pending.forget(conn);
    }
  }
}
