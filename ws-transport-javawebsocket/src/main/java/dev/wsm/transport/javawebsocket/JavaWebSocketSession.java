package dev.wsm.transport.javawebsocket;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.SendResult;
import dev.wsm.core.spi.TransportSession;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.server.WebSocketServer;

/**
 * One Java-WebSocket connection. Sends put the frame's shared wire bytes straight on the
 * connection's outbound queue (no per-recipient framing) and wake the selector; the queue is
 * bounded by frames and bytes, and a connection over either bound is closed as a slow consumer.
 * Reads are suspended in the connection's channel ({@link SuspendableChannel}); frames the selector
 * read before are still decoded and delivered.
 */
final class JavaWebSocketSession implements TransportSession {
  private static final VarHandle QUEUED_BYTES_BOUND;

  static {
    try {
      QUEUED_BYTES_BOUND = MethodHandles.lookup()
          .findVarHandle(JavaWebSocketSession.class, "queuedBytesBound", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final WebSocketImpl conn;
  private final WebSocketServer server;
  private final int maxFrames;
  private final long maxBytes;
  private final java.util.concurrent.ScheduledExecutorService closer;
  private final long closeTimeoutMillis;
  private volatile Object attachment;
  /**
   * An upper bound of the bytes in the outbound queue: every send adds its size; it is brought
   * back to the true figure (a scan of the queue) only when it passes the limit, so the scan costs
   * O(1) amortized per send and a connection is closed only when the true figure is over. Added
   * to through {@link #QUEUED_BYTES_BOUND}.
   */
  private volatile long queuedBytesBound;

  JavaWebSocketSession(WebSocketImpl conn, WebSocketServer server, JavaWebSocketOptions options,
      java.util.concurrent.ScheduledExecutorService closer) {
    this.conn = conn;
    this.server = server;
    this.closer = closer;
    this.closeTimeoutMillis = options.closeTimeout().toMillis();
    this.maxFrames = options.maxQueuedFrames();
    this.maxBytes = options.maxQueuedBytes();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return conn.getRemoteSocketAddress();
  }

  @Override
  public SendResult send(OutboundFrame frame) {
    if (!conn.isOpen()) {
      return SendResult.CLOSED;
    }
    ByteBuffer wire = frame.wire(WireFrames::encode);
    BlockingQueue<ByteBuffer> queue = conn.outQueue;
    if (queue.size() >= maxFrames || overByteLimit(queue, wire.remaining())) {
      close(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound queue full");
      return SendResult.QUEUE_FULL;
    }
    queue.add(wire.duplicate());
    server.onWriteDemand(conn);
    return SendResult.SENT;
  }

  /**
   * Cheap while the queue is light: the byte count is an upper bound, recounted exactly (a walk of
   * the queue) only when it says the queue is over half full.
   */
  @Override
  public double queueFill() {
    BlockingQueue<ByteBuffer> queue = conn.outQueue;
    double frames = (double) queue.size() / maxFrames;
    double bytes = (double) queuedBytesBound / maxBytes;
    if (bytes > 0.5) {
      long exact = queuedBytes(queue);
      queuedBytesBound = exact;
      bytes = (double) exact / maxBytes;
    }
    return Math.min(1.0, Math.max(frames, bytes));
  }

  private boolean overByteLimit(BlockingQueue<ByteBuffer> queue, int size) {
    if ((long) QUEUED_BYTES_BOUND.getAndAdd(this, (long) size) + size <= maxBytes) {
      return false;
    }
    long actual = queuedBytes(queue) + size;
    queuedBytesBound = actual;
    return actual > maxBytes;
  }

  private static long queuedBytes(BlockingQueue<ByteBuffer> queue) {
    long total = 0;
    for (ByteBuffer b : queue) {
      total += b.remaining();
    }
    return total;
  }

  @Override
  public void suspendReads() {
    if (conn.getChannel() instanceof SuspendableChannel channel) {
      channel.suspendReads();
    }
  }

  @Override
  public void resumeReads() {
    if (conn.getChannel() instanceof SuspendableChannel channel) {
      channel.resumeReads();
    }
  }

  @Override
  public void ping(byte[] payload) {
    if (conn.isOpen()) {
      try {
        org.java_websocket.framing.PingFrame ping = new org.java_websocket.framing.PingFrame();
        ping.setPayload(ByteBuffer.wrap(payload));
        conn.sendFrame(ping);
      } catch (RuntimeException e) {
        // Closed in between: the close callback follows.
      }
    }
  }

  /**
   * Starts the closing handshake and drops the TCP connection if it has not completed within the
   * close timeout (a dead peer, or one that does not read, never answers). A session whose reads
   * are suspended reads again, to hear the peer's close.
   */
  @Override
  public void close(int code, String reason) {
    if (conn.isClosing() || conn.isClosed()) {
      return;
    }
    conn.close(code, reason);
    if (conn.getChannel() instanceof SuspendableChannel channel) {
      channel.watchReads();
    }
    try {
      closer.schedule(() -> {
        if (!conn.isClosed()) {
          conn.closeConnection(code, reason);
        }
      }, closeTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      conn.closeConnection(code, reason); // the transport is stopping
    }
  }

  @Override
  public boolean isOpen() {
    return conn.isOpen();
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  @Override
  public void attach(Object attachment) {
    this.attachment = attachment;
  }
}
