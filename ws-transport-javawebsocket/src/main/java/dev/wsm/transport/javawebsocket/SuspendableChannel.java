package dev.wsm.transport.javawebsocket;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;

/**
 * A connection's channel whose reads can be suspended (Java-WebSocket 1.6 has no way to pause a
 * connection). While suspended, a read the selector attempts takes nothing from the socket and
 * stops the selector watching the socket for reads; resuming watches again and wakes the selector.
 * A closing connection reads regardless, to hear the peer's close.
 *
 * <p>The library turns read interest back on in two places: {@code onWriteDemand} (a send) and the
 * end of a write batch, when the channel has nothing more to write of its own ({@link
 * #isNeedWrite()} false). A key that read nothing stays in the selector's selected set with its
 * old ready operations, so after a write the library would call that batch end on every loop of
 * the selector, turn read interest on, be woken at once by the unread bytes and spin. So while reads
 * are held the subclasses report {@link #isNeedWrite()} true ({@link #holdingReads()}), with
 * nothing to write in {@link #writeMore()}: read interest is then turned on again only by a send,
 * and off by the read that follows, a spare wake-up or two per send.
 *
 * <p>Threading: {@link #readsHeld()} on the selector thread only; the others on any thread.
 */
abstract class SuspendableChannel implements WrappedByteChannel {
  /** The connection's selection key; its attachment is the {@code WebSocketImpl}. */
  final SelectionKey key;
  private volatile boolean suspended;

  SuspendableChannel(SelectionKey key) {
    this.key = key;
  }

  void suspendReads() {
    suspended = true;
  }

  void resumeReads() {
    suspended = false;
    watchReads();
  }

  /** Makes the selector watch the socket for reads again, and wakes it. */
  void watchReads() {
    try {
      key.interestOpsOr(SelectionKey.OP_READ);
      key.selector().wakeup();
    } catch (CancelledKeyException e) {
      // closed: nothing to read
    }
  }

  /**
   * Selector thread: true if the read about to happen must not (the caller then returns 0 bytes
   * read), after turning read interest off. Suspension is checked again afterwards, so that a
   * resume between the check and the change is not lost.
   */
  final boolean readsHeld() {
    if (!holdingReads()) {
      return false;
    }
    try {
      key.interestOpsAnd(~SelectionKey.OP_READ);
    } catch (CancelledKeyException e) {
      return false;
    }
    if (suspended) {
      return true;
    }
    key.interestOpsOr(SelectionKey.OP_READ);
    return false;
  }

  /** Whether reads are suspended and the connection is not closing. */
  final boolean holdingReads() {
    return suspended && !closing();
  }

  private boolean closing() {
    return key.attachment() instanceof WebSocketImpl conn && (conn.isClosing() || conn.isClosed());
  }
}
