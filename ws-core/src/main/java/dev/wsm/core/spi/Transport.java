package dev.wsm.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A WebSocket server implementation. Lifecycle: {@link #start} once, {@link #stop} once. The
 * transport's threads call the {@link TransportHandler}; it must enforce its documented limits
 * (message size, outbound queue) itself.
 */
public interface Transport {
  /**
   * Binds and starts accepting; returns once bound. Throws {@code WsException} if binding fails (the
   * port is taken, the address is not local).
   */
  void start(TransportHandler handler);

  /** The bound address; after {@link #start}. */
  InetSocketAddress address();

  /** The path clients connect to, e.g. {@code /ws}. */
  String path();

  /** {@code ws} or {@code wss}. */
  default String scheme() {
    return "ws";
  }

  /**
   * Closes every open session with 1001 (going away), waits up to {@code grace} for them to close,
   * then releases the port. Idempotent.
   */
  void stop(Duration grace);
}
