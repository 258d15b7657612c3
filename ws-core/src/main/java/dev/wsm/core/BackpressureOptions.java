package dev.wsm.core;

/**
 * When the server stops reading a connection because its requests wait on a store (back-pressure):
 * a connection's reads are suspended while it has {@code maxPendingPerConnection} requests waiting,
 * or the node {@code maxPendingPerNode}, and resume once the connection is down to half its limit
 * and the node, if it reached its limit, to half of it. TCP then slows the client instead of the
 * store refusing its requests. Requests the store answers at once (the in-memory stores) never
 * count. A connection may go over its limit by the one request that reached it and by what the
 * transport had already read. Immutable.
 *
 * @param maxPendingPerConnection requests of one connection waiting on a store before its reads are
 *     suspended (default 64: a client pipelining more than this is flooding, and at 64 a connection
 *     still fills a good part of a SQLite commit batch on its own)
 * @param maxPendingPerNode requests of all connections on this node waiting on a store before every
 *     connection that sends another is suspended (default 8,192: an eighth of the SQLite writer's
 *     queue of 65,536, which leaves the rest for the one request per connection over the limit and
 *     for the writes no client request causes, such as heartbeats and presence)
 */
public record BackpressureOptions(int maxPendingPerConnection, int maxPendingPerNode) {
  /** The default of {@link #maxPendingPerConnection()}. */
  public static final int DEFAULT_MAX_PENDING_PER_CONNECTION = 64;
  /** The default of {@link #maxPendingPerNode()}. */
  public static final int DEFAULT_MAX_PENDING_PER_NODE = 8192;
  public static final BackpressureOptions DEFAULTS = new BackpressureOptions(
      DEFAULT_MAX_PENDING_PER_CONNECTION, DEFAULT_MAX_PENDING_PER_NODE);

  public BackpressureOptions {
    if (maxPendingPerConnection < 1) {
      throw new IllegalArgumentException("maxPendingPerConnection must be at least 1 (was "
          + maxPendingPerConnection + ")");
    }
    if (maxPendingPerNode < 1) {
      throw new IllegalArgumentException("maxPendingPerNode must be at least 1 (was "
          + maxPendingPerNode + ")");
    }
    if (maxPendingPerConnection > maxPendingPerNode) {
      throw new IllegalArgumentException("maxPendingPerConnection (" + maxPendingPerConnection
          + ") must not be above maxPendingPerNode (" + maxPendingPerNode + ")");
    }
  }
}
