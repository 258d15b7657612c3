package dev.wsm.core.spi;

import java.net.InetSocketAddress;

/**
 * One accepted WebSocket as the transport holds it. Every method is thread-safe and non-blocking:
 * {@link #send} only appends to the session's bounded outbound queue.
 */
public interface TransportSession {
  InetSocketAddress remoteAddress();

  /**
   * Queues a frame. When the queue is over its limit the transport closes the session with {@code
   * CloseCodes.SLOW_CONSUMER} and returns {@link SendResult#QUEUE_FULL}. Never throws for a closed
   * session: returns {@link SendResult#CLOSED}.
   */
  SendResult send(OutboundFrame frame);

  /**
   * How full the outbound queue is, from 0 (empty) to 1 (at its limit; the next send over it
   * closes the session). Cheap enough to call every few sends; senders of bulk data (a recovery)
   * use it to pace themselves. A transport that cannot tell returns 0.
   */
  default double queueFill() {
    return 0;
  }

  /**
   * Stops reading from the socket until {@link #resumeReads}: the core calls it while too many of
   * the connection's (or the node's) requests wait on a store, so that TCP slows the client down
   * instead of the store refusing its requests. Thread-safe, non-blocking and idempotent; the two
   * calls do not nest (one resume undoes any number of suspends). While suspended the transport
   * reads nothing more from the socket, though frames it had already read may still be delivered;
   * sends, pings and closes keep working, and a session that is closing reads again, so that its
   * closing handshake completes.
   *
   * <p>The default does nothing: a transport without it gives no back-pressure, and an overloaded
   * store then refuses requests ({@code unavailable}) instead.
   */
  default void suspendReads() {}

  /**
   * Reads from the socket again after {@link #suspendReads}, frames held back first, in order.
   * Thread-safe, non-blocking and idempotent; does nothing if reads are not suspended.
   */
  default void resumeReads() {}

  /**
   * Sends a WebSocket ping carrying {@code payload} (at most 125 bytes); the peer's pong echoes it
   * and arrives as {@link TransportHandler#onPong}.
   */
  void ping(byte[] payload);

  /** Starts the closing handshake; does nothing if already closing. */
  void close(int code, String reason);

  boolean isOpen();

  /** The object the core attached to this session, or null. */
  Object attachment();

  void attach(Object attachment);
}
