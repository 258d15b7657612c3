package dev.wsm.core;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The one lifecycle owner of a wsm server: it starts the transport and the core's timers, and on
 * {@link #shutdown(Duration)} closes every connection with 1001 and releases everything in reverse
 * order. Obtain it from Guice ({@link CoreModule} plus a transport module).
 */
public interface Hub {
  /**
   * Binds the transport and starts heartbeats and sweepers. Blocks until the server accepts
   * connections. Fails with {@link WsException} if it cannot bind. Call once.
   */
  void start();

  /**
   * Closes every connection with 1001 (going away) and waits up to {@code grace} for them to close,
   * then stops the timers, the cluster bus and the callback threads (letting queued listener
   * events finish within the grace). Idempotent.
   */
  void shutdown(Duration grace);

  /** The bound address, once started (the real port when the transport was given port 0). */
  InetSocketAddress address();

  /** The URL clients connect to, e.g. {@code ws://127.0.0.1:8080/ws}, once started. */
  String url();

  /** Adds a listener; may be called before or after start. */
  void addListener(HubListener listener);

  /**
   * Registers a handler for a custom client message type: 1 to 64 characters of {@code
   * [a-z0-9_.:-]}, not a built-in type. Fails with {@link IllegalArgumentException} otherwise.
   */
  void handle(String type, RequestHandler handler);

  /**
   * Closes every connection of a user (a kick) with a close code (1000 or 3000 to 4999, e.g. {@link
   * CloseCodes#KICKED}) and a reason of at most 123 bytes, on this node and, through the cluster
   * bus, on every other node. Returns how many connections were closed on this node; the other
   * nodes are told at most once (a bus that drops the command is logged). Never blocks. Fails
   * with {@link IllegalArgumentException} for another code or a longer reason.
   */
  int closeUser(UserId user, int code, String reason);

  ConnectionPool connections();

  RoomRegistry rooms();

  PresenceTracker presence();

  MessageRouter router();
}
