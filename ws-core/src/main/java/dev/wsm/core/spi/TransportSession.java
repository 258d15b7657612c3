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
