package dev.wsm.transport.javawebsocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.java_websocket.WebSocketImpl;

/**
 * A socket channel that gathers a connection's queued frames into one {@code write()}.
 * Java-WebSocket's selector writes the outbound queue one buffer at a time; this channel copies
 * each into a scratch buffer shared by every connection (the selector thread is the only writer) and
 * writes the scratch once, when it has copied the last queued frame or the scratch is full. One
 * system call then carries many frames: on loopback that is most of the cost of a delivery.
 *
 * <p>What the socket does not take is kept in a per-connection overflow buffer, allocated only then,
 * and written first on the next write readiness ({@link #isNeedWrite()}). Reads can be suspended
 * ({@link SuspendableChannel}). Threading: selector thread only, but for suspending and resuming.
 */
final class GatheringChannel extends SuspendableChannel {
  private final SocketChannel channel;
  private final ByteBuffer scratch;
  private final HeadBudget budget;
  private ByteBuffer overflow;

  GatheringChannel(SocketChannel channel, SelectionKey key, ByteBuffer scratch, HeadBudget budget) {
    super(key);
    this.channel = channel;
    this.scratch = scratch;
    this.budget = budget;
  }

  /**
   * Accepts {@code src} entirely (returning its size) or not at all (returning 0, when earlier
   * bytes are still waiting for the socket); frames larger than the scratch go straight through.
   */
  @Override
  public int write(ByteBuffer src) throws IOException {
    try {
      if (overflow != null && !drainOverflow()) {
        return 0;
      }
      int size = src.remaining();
      if (size > scratch.remaining()) {
        if (!flush()) {
          return 0;
        }
        if (size > scratch.capacity()) {
          return channel.write(src);
        }
      }
      scratch.put(src);
      if (isLastQueued()) {
        flush();
      }
      return size;
    } catch (IOException | RuntimeException e) {
      scratch.clear();
      throw e;
    }
  }

  /** True when the frame being written is the last one queued, so the batch ends after it. */
  private boolean isLastQueued() {
    Object attachment = key.attachment();
    return !(attachment instanceof WebSocketImpl ws) || ws.outQueue.size() <= 1;
  }

  /** Writes the scratch; keeps what the socket refused as overflow. True if all was written. */
  private boolean flush() throws IOException {
    scratch.flip();
    try {
      channel.write(scratch);
      if (scratch.hasRemaining()) {
        overflow = ByteBuffer.allocate(scratch.remaining()).put(scratch).flip();
        return false;
      }
      return true;
    } finally {
      scratch.clear();
    }
  }

  private boolean drainOverflow() throws IOException {
    channel.write(overflow);
    if (!overflow.hasRemaining()) {
      overflow = null;
    }
    return overflow == null;
  }

  /** True while bytes wait in the overflow, or while reads are held (see {@link SuspendableChannel}). */
  @Override
  public boolean isNeedWrite() {
    return overflow != null || holdingReads();
  }

  @Override
  public void writeMore() throws IOException {
    if (overflow != null) {
      drainOverflow();
    }
  }

  /**
   * Reads, unless reads are suspended (then 0); while the handshake is pending, counts its bytes
   * and, past the header limit, answers HTTP 431 and reports end of stream (the library then closes
   * the connection).
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (readsHeld()) {
      return 0;
    }
    int n = channel.read(dst);
    if (budget.overspent(n)) {
      channel.write(HttpRefusal.encode(431, "request line and headers too large"));
      dst.clear();
      return -1;
    }
    return n;
  }

  @Override
  public boolean isNeedRead() {
    return false;
  }

  @Override
  public int readMore(ByteBuffer dst) {
    return 0;
  }

  @Override
  public boolean isBlocking() {
    return channel.isBlocking();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    budget.closed();
    channel.close();
  }
}
