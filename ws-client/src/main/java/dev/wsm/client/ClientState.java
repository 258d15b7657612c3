package dev.wsm.client;

/** Where a {@link WsmClient} stands. */
public enum ClientState {
  /** Built; {@link WsmClient#connect()} has not been called. */
  NEW,
  /** The first connection is being opened. */
  CONNECTING,
  /** Welcomed (and, after a reconnect, its rooms resumed): requests are sent at once. */
  CONNECTED,
  /** The connection was lost; the client is waiting out the backoff, connecting or resuming. */
  RECONNECTING,
  /** Closed for good: by {@link WsmClient#close()}, a close code that forbids reconnecting, a
   * failed first connection or the reconnect attempt limit. Terminal. */
  CLOSED
}
