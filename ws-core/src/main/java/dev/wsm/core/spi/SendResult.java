package dev.wsm.core.spi;

/** What {@link TransportSession#send} did with a frame. */
public enum SendResult {
  /** Queued for writing. */
  SENT,
  /** The session's outbound queue was over its limit; the session is being closed as a slow consumer. */
  QUEUE_FULL,
  /** The session is closed or closing. */
  CLOSED
}
