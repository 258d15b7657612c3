package dev.wsm.transport.netty;

import java.time.Duration;

/**
 * Settings of the Netty transport. Immutable; start from {@link #DEFAULTS}.
 *
 * @param host the address to bind (default {@code 127.0.0.1})
 * @param port the port (default 8080; 0 picks a free one, readable from {@code Hub.address()})
 * @param path the only path that upgrades (default {@code /ws}); other paths get 404
 * @param maxMessageSize largest inbound message in bytes, fragments included (default 65,536);
 *     larger ones close the connection with 1009
 * @param tcpNoDelay disable Nagle's algorithm (default true: lower latency for small frames)
 * @param ioThreads event-loop threads for connections (default: the number of processors); each
 *     connection is served by one of them
 * @param backlog the accept queue length passed to {@code listen} (default 4,096; the kernel caps
 *     it at {@code net.core.somaxconn})
 * @param maxQueuedBytes most bytes waiting to be written to one connection, Netty's own buffer
 *     included (default 4 MiB); past it the connection is closed as a slow consumer (4001)
 * @param closeTimeout how long a closing handshake may take before the TCP connection is dropped
 *     (default 3 s)
 * @param handshakeTimeout an HTTP upgrade not completed within this time is closed (default 10 s)
 * @param maxHeaderBytes largest HTTP header block of the upgrade request (default 8 KiB; larger gets
 *     HTTP 431); the request line is held to the same limit
 * @param maxPendingHandshakes most connections accepted but not yet upgraded at once (default
 *     2,000: room for 1,000 slow handshakes and the clients that keep arriving meanwhile); a
 *     socket accepted beyond it is closed at once, before reading anything
 * @param tls where the TLS key and certificate come from, for {@code wss://}; null (the default)
 *     serves plain {@code ws://}
 */
public record NettyOptions(
    String host,
    int port,
    String path,
    int maxMessageSize,
    boolean tcpNoDelay,
    int ioThreads,
    int backlog,
    long maxQueuedBytes,
    Duration closeTimeout,
    Duration handshakeTimeout,
    int maxHeaderBytes,
    int maxPendingHandshakes,
    dev.wsm.core.spi.TlsSettings tls) {

  public static final NettyOptions DEFAULTS = new NettyOptions("127.0.0.1", 8080, "/ws", 64 * 1024,
      true, Runtime.getRuntime().availableProcessors(), 4096, 4L * 1024 * 1024,
      Duration.ofSeconds(3), Duration.ofSeconds(10), 8 * 1024, 2000, null);

  public NettyOptions {
    dev.wsm.core.spi.EndpointChecks.check(host, port, path, maxMessageSize);
    if (ioThreads < 1 || backlog < 1) {
      throw new IllegalArgumentException("ioThreads and backlog must be at least 1");
    }
    if (maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("maxQueuedBytes must be at least 1024");
    }
    positive("closeTimeout", closeTimeout);
    positive("handshakeTimeout", handshakeTimeout);
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
    }
    if (maxPendingHandshakes < 1) {
      throw new IllegalArgumentException("maxPendingHandshakes must be at least 1");
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  public NettyOptions withHost(String value) {
    return new NettyOptions(value, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withPort(int value) {
    return new NettyOptions(host, value, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withPath(String value) {
    return new NettyOptions(host, port, value, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withMaxMessageSize(int value) {
    return new NettyOptions(host, port, path, value, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withIoThreads(int value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, value, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withMaxQueuedBytes(long value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog, value,
        closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withCloseTimeout(Duration value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, value, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withHandshakeTimeout(Duration value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, value, maxHeaderBytes, maxPendingHandshakes, tls);
  }

  public NettyOptions withMaxHeaderBytes(int value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, value, maxPendingHandshakes, tls);
  }

  public NettyOptions withMaxPendingHandshakes(int value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, value, tls);
  }

  public NettyOptions withTls(dev.wsm.core.spi.TlsSettings value) {
    return new NettyOptions(host, port, path, maxMessageSize, tcpNoDelay, ioThreads, backlog,
        maxQueuedBytes, closeTimeout, handshakeTimeout, maxHeaderBytes, maxPendingHandshakes, value);
  }
}
