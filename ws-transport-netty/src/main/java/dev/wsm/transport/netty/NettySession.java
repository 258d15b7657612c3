package dev.wsm.transport.netty;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.SendResult;
import dev.wsm.core.spi.TransportSession;
import dev.wsm.core.spi.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.flow.FlowControlHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Netty WebSocket connection. {@link #send} is lock-free from any thread: it appends the shared
 * frame to this session's lock-free queue and schedules one drain task on the connection's event
 * loop; the drain copies everything queued, as RFC 6455 frames, into pooled direct buffers of up to
 * {@value #BATCH_BYTES} bytes, writes them and flushes once, so a burst leaves in one {@code write}
 * and a frame costs a copy, not a buffer or an outbound entry of its own. The queue plus Netty's own
 * outbound buffer is bounded by bytes.
 *
 * <p>The drain writes from the WebSocket encoder's context, so the frames (already RFC 6455 bytes)
 * pass only through the handlers below it (TLS, when on) and not through the whole pipeline.
 *
 * <p>Reads are suspended by turning the channel's auto-read off, on the event loop. The first
 * suspension also puts a {@link FlowControlHandler} in front of the frame handler, which from then
 * on holds back, while auto-read is off, the frames decoded from what was read before and delivers
 * them in order when it is on again (added only then, so that a connection never suspended does not
 * carry it). The session owns auto-read once the upgrade is done: it is on unless reads are
 * suspended, and always on while the session closes.
 */
final class NettySession implements TransportSession {
  /** The most bytes of frames the drain copies into one buffer. */
  static final int BATCH_BYTES = 64 * 1024;

  private final Channel channel;
  private final long maxBytes;
  private final long closeTimeoutMillis;
  /**
   * Lock-free and about 40 bytes while empty. (Netty's MPSC array queue measured no faster on the
   * paced fan-out and cost every idle connection 0.6 to 4 KB of heap.)
   */
  private final Queue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Runnable drain = this::drain;
  /** Where frames enter the pipeline: the WebSocket encoder's context (event loop only). */
  private ChannelHandlerContext writer;
  private volatile Object attachment;
  private volatile boolean readsSuspended;
  /** Whether the pipeline has its FlowControlHandler (event loop only). */
  private boolean flowControlled;
  private volatile int localCloseCode = -1;
  private volatile String localCloseReason = "";

  NettySession(Channel channel, NettyOptions options) {
    this.channel = channel;
    this.maxBytes = options.maxQueuedBytes();
    this.closeTimeoutMillis = options.closeTimeout().toMillis();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public SendResult send(OutboundFrame frame) {
    if (closing.get() || !channel.isActive()) {
      return SendResult.CLOSED;
    }
    int size = WireFormat.serverFrameLength(frame);
    if (queuedBytes.addAndGet(size) + outboundBytes() > maxBytes) {
      queuedBytes.addAndGet(-size);
      close(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound queue full");
      return SendResult.QUEUE_FULL;
    }
    queue.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(drain);
    }
    return SendResult.SENT;
  }

  @Override
  public double queueFill() {
    return Math.min(1.0, (double) (queuedBytes.get() + outboundBytes()) / maxBytes);
  }

  private long outboundBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /** Event loop only: writes every queued frame and flushes once. */
  private void drain() {
    drainScheduled.set(false);
    ChannelHandlerContext out = writer();
    ByteBuf batch = null;
    for (OutboundFrame f; (f = queue.poll()) != null; ) {
      int size = WireFormat.serverFrameLength(f);
      long left = queuedBytes.addAndGet(-size); // before the write: never counted twice
      if (batch != null && batch.writableBytes() < size) {
        out.write(batch, out.voidPromise());
        batch = null;
      }
      if (batch == null) {
        batch = out.alloc().directBuffer((int) Math.max(size, Math.min(BATCH_BYTES, size + left)));
      }
      NettyWire.write(f, batch);
    }
    if (batch != null) { // some frame was taken: the last batch is never empty
      out.write(batch, out.voidPromise());
      out.flush();
    }
  }

  /** The encoder's context, or the pipeline's tail while there is none (event loop only). */
  private ChannelHandlerContext writer() {
    ChannelHandlerContext w = writer;
    if (w == null || w.isRemoved()) {
      w = channel.pipeline().context(WebSocketFrameEncoder.class);
      writer = w;
    }
    return w != null ? w : channel.pipeline().lastContext();
  }

  /**
   * Turns auto-read off: at once on the event loop (the frames still held are then not
   * delivered), else in a task there.
   */
  @Override
  public void suspendReads() {
    readsSuspended = true;
    if (channel.eventLoop().inEventLoop()) {
      applyReads();
    } else {
      channel.eventLoop().execute(this::applyReads);
    }
  }

  /**
   * Turns auto-read on in a task on the event loop, always a task of its own: the held frames it
   * delivers never run inside the handling of another frame.
   */
  @Override
  public void resumeReads() {
    readsSuspended = false;
    channel.eventLoop().execute(this::applyReads);
  }

  /**
   * Event loop only: auto-read on unless reads are suspended and the session is not closing. Each
   * change of either flag is followed by a call, so the last one sets what they say now.
   */
  void applyReads() {
    boolean read = !readsSuspended || closing.get();
    if (!read && !flowControlled && channel.pipeline().context(FrameHandler.NAME) != null) {
      channel.pipeline().addBefore(FrameHandler.NAME, "wsm-flow", new FlowControlHandler());
      flowControlled = true;
    }
    channel.config().setAutoRead(read);
  }

  @Override
  public void ping(byte[] payload) {
    if (channel.isActive() && !closing.get()) {
      channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)),
          channel.voidPromise());
    }
  }

  /**
   * Sends what is queued, then a close frame, and drops the TCP connection if the peer has not
   * closed within the close timeout. A session whose reads are suspended reads again, to hear the
   * peer's close.
   */
  @Override
  public void close(int code, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    localCloseCode = code;
    localCloseReason = reason;
    channel.eventLoop().execute(() -> {
      applyReads();
      drain();
      if (channel.isActive()) {
        channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)));
        channel.eventLoop().schedule(() -> {
          channel.close();
        }, closeTimeoutMillis, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** The peer answered our close frame: the handshake is complete. */
  void closeAnswered() {
    channel.close();
  }

  boolean isClosing() {
    return closing.get();
  }

  int localCloseCode() {
    return localCloseCode;
  }

  String localCloseReason() {
    return localCloseReason;
  }

  /** Records a close that another handler has already sent. */
  void closedBy(int code, String reason) {
    closing.set(true);
    localCloseCode = code;
    localCloseReason = reason;
  }

  /** Closes at once with a close frame and no wait (protocol violations). */
  void abort(int code, String reason) {
    closing.set(true);
    localCloseCode = code;
    localCloseReason = reason;
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String truncate(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= 123 ? reason : new String(bytes, 0, 120, StandardCharsets.UTF_8);
  }

  @Override
  public boolean isOpen() {
    return channel.isActive() && !closing.get();
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
