package dev.wsm.client;

import java.time.Duration;

/**
 * A client's settings. Immutable; start from {@link #DEFAULTS} and change with the {@code with…}
 * methods. Every value is validated here, so a bad setting fails when it is made, not in traffic.
 *
 * @param requestTimeout how long a request may wait for its reply, counted from the call (including
 *     time spent waiting for a connection) before its future fails with {@link
 *     RequestTimeoutException} (default 10 s; 1 ms to 1 hour)
 * @param connectTimeout how long one connection attempt may take, from opening the TCP connection
 *     to receiving {@code welcome} (default 10 s; 1 ms to 1 hour)
 * @param backoff the delays between reconnect attempts (default {@link Backoff#DEFAULTS})
 * @param autoResume after a reconnect, send {@code resume} with the session token and the position
 *     of every room joined through this client, so the rooms are rejoined and missed messages
 *     delivered (default true). When false, a reconnected client is in no room.
 * @param maxPendingRequests requests sent and waiting for their reply, and, separately, requests
 *     not yet written to the socket (those of timed-out requests included: a server that stops
 *     reading cannot make the client buffer without end); a request past either fails at once with
 *     code {@link WsmClientException#OVERLOADED} (default 10,000)
 * @param maxQueuedRequests requests made while the client is connecting or reconnecting, which
 *     wait to be sent once it is connected; a request past this fails at once with code {@link
 *     WsmClientException#OVERLOADED} (default 1,000; 0 fails every request made while not
 *     connected)
 * @param eventQueueCapacity events (messages and every other server event) waiting for the event
 *     thread. When a handler is so slow that the queue fills, the client drops the connection and
 *     reconnects; with auto-resume, the messages it could not queue are delivered again after the
 *     reconnect (default 10,000)
 * @param maxIncomingMessageSize the largest server message accepted, in characters of a text
 *     message or bytes of a binary one; a larger one drops the connection, which is then
 *     re-established (default 64 MiB, enough for a full history page of 64 KiB messages; at least
 *     1,024)
 */
public record WsmClientOptions(
    Duration requestTimeout,
    Duration connectTimeout,
    Backoff backoff,
    boolean autoResume,
    int maxPendingRequests,
    int maxQueuedRequests,
    int eventQueueCapacity,
    int maxIncomingMessageSize) {

  /** The longest duration any setting may have (declared first: DEFAULTS is checked too). */
  private static final Duration LONGEST = Duration.ofHours(1);

  public static final WsmClientOptions DEFAULTS = new WsmClientOptions(
      Duration.ofSeconds(10),
      Duration.ofSeconds(10),
      Backoff.DEFAULTS,
      true,
      10_000,
      1_000,
      10_000,
      64 << 20);

  public WsmClientOptions {
    duration("requestTimeout", requestTimeout);
    duration("connectTimeout", connectTimeout);
    if (backoff == null) {
      throw new IllegalArgumentException("backoff must not be null");
    }
    atLeast("maxPendingRequests", maxPendingRequests, 1);
    atLeast("maxQueuedRequests", maxQueuedRequests, 0);
    atLeast("eventQueueCapacity", eventQueueCapacity, 1);
    atLeast("maxIncomingMessageSize", maxIncomingMessageSize, 1024);
  }

  private static void duration(String name, Duration value) {
    if (value == null || value.compareTo(Duration.ofMillis(1)) < 0
        || value.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(name + " must be from 1 ms to 1 hour (was " + value + ")");
    }
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          name + " must be at least " + min + " (was " + value + ")");
    }
  }

  public WsmClientOptions withRequestTimeout(Duration value) {
    return new WsmClientOptions(value, connectTimeout, backoff, autoResume, maxPendingRequests,
        maxQueuedRequests, eventQueueCapacity, maxIncomingMessageSize);
  }

  public WsmClientOptions withConnectTimeout(Duration value) {
    return new WsmClientOptions(requestTimeout, value, backoff, autoResume, maxPendingRequests,
        maxQueuedRequests, eventQueueCapacity, maxIncomingMessageSize);
  }

  public WsmClientOptions withBackoff(Backoff value) {
    return new WsmClientOptions(requestTimeout, connectTimeout, value, autoResume,
        maxPendingRequests, maxQueuedRequests, eventQueueCapacity, maxIncomingMessageSize);
  }

  public WsmClientOptions withAutoResume(boolean value) {
    return new WsmClientOptions(requestTimeout, connectTimeout, backoff, value,
        maxPendingRequests, maxQueuedRequests, eventQueueCapacity, maxIncomingMessageSize);
  }

  public WsmClientOptions withMaxPendingRequests(int value) {
    return new WsmClientOptions(requestTimeout, connectTimeout, backoff, autoResume, value,
        maxQueuedRequests, eventQueueCapacity, maxIncomingMessageSize);
  }

  public WsmClientOptions withMaxQueuedRequests(int value) {
    return new WsmClientOptions(requestTimeout, connectTimeout, backoff, autoResume,
        maxPendingRequests, value, eventQueueCapacity, maxIncomingMessageSize);
  }

  public WsmClientOptions withEventQueueCapacity(int value) {
    return new WsmClientOptions(requestTimeout, connectTimeout, backoff, autoResume,
        maxPendingRequests, maxQueuedRequests, value, maxIncomingMessageSize);
  }

  public WsmClientOptions withMaxIncomingMessageSize(int value) {
    return new WsmClientOptions(requestTimeout, connectTimeout, backoff, autoResume,
        maxPendingRequests, maxQueuedRequests, eventQueueCapacity, value);
  }
}
