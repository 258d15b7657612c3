package dev.wsm.transport.javawebsocket;

/**
 * Settings of the Java-WebSocket transport. Immutable; start from {@link #DEFAULTS}.
 *
 * @param host the address to bind (default {@code 127.0.0.1})
 * @param port the port (default 8080; 0 picks a free one, readable from {@code Hub.address()})
 * @param path the only path that upgrades (default {@code /ws}); others get 404
 * @param maxMessageSize largest inbound message in bytes, fragments included (default 65,536);
 *     larger ones close the connection with 1009
 * @param tcpNoDelay disable Nagle's algorithm (default true: lower latency for small frames)
 * @param workers decoder threads (default: the number of processors)
 * @param backlog the accept queue length passed to {@code bind} (default 1,024)
 * @param maxQueuedFrames most frames waiting to be written to one connection (default 16,384: a
 *     burst of small frames to a healthy client must fit)
 * @param maxQueuedBytes most bytes waiting to be written to one connection (default 4 MiB); past
 *     either limit the connection is closed as a slow consumer (4001)
 * @param closeTimeout how long a closing handshake may take before the TCP connection is dropped
 *     (default 3 s): a peer that is dead or does not read cannot hold a connection open
 * @param handshakeTimeout a connection not upgraded within this time of being accepted is closed
 *     (default 10 s); checked by a sweep every twentieth of it (at least 50 ms, at most 500 ms)
 * @param maxHeaderBytes most bytes a client may send before its upgrade completes: request line
 *     and headers (default 8 KiB); more gets HTTP 431 and the connection is closed
 * @param maxPendingHandshakes most connections accepted but not yet upgraded at once (default
 *     2,000: room for 1,000 slow handshakes and the clients that keep arriving meanwhile); a
 *     socket accepted beyond it is closed at once, before reading anything
 * @param tls where the TLS key and certificate come from, for {@code wss://}; null (the default)
 *     serves plain {@code ws://}
 */
public record JavaWebSocketOptions(
    String host,
    int port,
    String path,
    int maxMessageSize,
    boolean tcpNoDelay,
    int workers,
    int backlog,
    int maxQueuedFrames,
    long maxQueuedBytes,
    java.time.Duration closeTimeout,
    java.time.Duration handshakeTimeout,
    int maxHeaderBytes,
    int maxPendingHandshakes,
    dev.wsm.core.spi.TlsSettings tls) {

  public static final JavaWebSocketOptions DEFAULTS = new JavaWebSocketOptions("127.0.0.1", 8080,
      "/ws", 64 * 1024, true, Runtime.getRuntime().availableProcessors(), 1024, 16 * 1024,
      4L * 1024 * 1024, java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(10),
      8 * 1024, 2000, null);

  public JavaWebSocketOptions {
    dev.wsm.core.spi.EndpointChecks.check(host, port, path, maxMessageSize);
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be at least 1");
    }
    if (maxQueuedFrames < 1 || maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("maxQueuedFrames must be >= 1 and maxQueuedBytes >= 1024");
    }
    if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive");
    }
    if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
    }
    if (maxPendingHandshakes < 1) {
      throw new IllegalArgumentException("maxPendingHandshakes must be at least 1");
    }
  }

  public JavaWebSocketOptions withHost(String value) {
    return new JavaWebSocketOptions(value, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withPort(int value) {
    return new JavaWebSocketOptions(host, value, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withPath(String value) {
    return new JavaWebSocketOptions(host, port, value, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withMaxMessageSize(int value) {
    return new JavaWebSocketOptions(host, port, path, value, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withWorkers(int value) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, value, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withCloseTimeout(java.time.Duration value) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, value,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withOutboundQueue(int frames, long bytes) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        frames, bytes, closeTimeout,
        handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withHandshakeTimeout(java.time.Duration value) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout, value, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withMaxHeaderBytes(int value) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout, handshakeTimeout, value, maxPendingHandshakes, tls);
  }

  public JavaWebSocketOptions withMaxPendingHandshakes(int value) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, value, tls);
  }

  public JavaWebSocketOptions withTls(dev.wsm.core.spi.TlsSettings value) {
    return new JavaWebSocketOptions(host, port, path, maxMessageSize, tcpNoDelay, workers, backlog,
        maxQueuedFrames, maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes,
        maxPendingHandshakes, value);
  }
}
