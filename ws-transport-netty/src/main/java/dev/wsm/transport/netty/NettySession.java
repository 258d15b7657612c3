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
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.flow.FlowControlHandler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

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
 * suspension also puts a {@link FlowControlHandler} right behind the frame decoder (before the
 * fragment aggregator, if the connection has one), which from then on holds back, while auto-read
 * is off, the frames decoded from what was read before and delivers them in order when it is on
 * again (added only then, so that a connection never suspended does not carry it). The session
 * owns auto-read once the upgrade is done: it is on unless reads are suspended, and always on while
 * the session closes.
 */
final class NettySession implements TransportSession {
  /** The most bytes of frames the drain copies into one buffer. */
  static final int BATCH_BYTES = 64 * 1024;
  /** The name of the FlowControlHandler a first suspension puts behind the frame decoder. */
  static final String FLOW = "wsm-flow";
  private static final VarHandle QUEUED_BYTES;
  private static final VarHandle DRAIN_SCHEDULED;
  private static final VarHandle CLOSING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED_BYTES = lookup.findVarHandle(NettySession.class, "queuedBytes", long.class);
      DRAIN_SCHEDULED = lookup.findVarHandle(NettySession.class, "drainScheduled", boolean.class);
      CLOSING = lookup.findVarHandle(NettySession.class, "closing", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Channel channel;
  private final long maxBytes;
  private final long closeTimeoutMillis;
  /**
   * Lock-free and about 40 bytes while empty. (Netty's MPSC array queue measured no faster on the
   * paced fan-out and cost every idle connection 0.6 to 4 KB of heap.)
   */
  private final Queue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
  /** Bytes of frames in {@link #queue}; updated through {@link #QUEUED_BYTES}. */
  private volatile long queuedBytes;
  /** A drain task is scheduled and has not started; set through {@link #DRAIN_SCHEDULED}. */
  private volatile boolean drainScheduled;
  /** Closing or closed; set through {@link #CLOSING}. */
  private volatile boolean closing;
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

  /** The connection's channel. */
  Channel channel() {
    return channel;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public SendResult send(OutboundFrame frame) {
    if (closing || !channel.isActive()) {
      return SendResult.CLOSED;
    }
    int size = WireFormat.serverFrameLength(frame);
    if ((long) QUEUED_BYTES.getAndAdd(this, (long) size) + size + outboundBytes() > maxBytes) {
      QUEUED_BYTES.getAndAdd(this, (long) -size);
      close(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound queue full");
      return SendResult.QUEUE_FULL;
    }
    queue.add(frame);
    if (DRAIN_SCHEDULED.compareAndSet(this, false, true)) {
      channel.eventLoop().execute(drain);
    }
    return SendResult.SENT;
  }

  @Override
  public double queueFill() {
    return Math.min(1.0, (double) (queuedBytes + outboundBytes()) / maxBytes);
  }

  private long outboundBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /** Event loop only: writes every queued frame and flushes once. */
  private void drain() {
    drainScheduled = false;
    ChannelHandlerContext out = writer();
    ByteBuf batch = null;
    for (OutboundFrame f; (f = queue.poll()) != null; ) {
      int size = WireFormat.serverFrameLength(f);
      // Uncounted before the write: never counted twice.
      long left = (long) QUEUED_BYTES.getAndAdd(this, (long) -size) - size;
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
    boolean read = !readsSuspended || closing;
    ChannelHandlerContext decoder = channel.pipeline().context(WebSocketFrameDecoder.class);
    if (!read && !flowControlled && decoder != null) {
      // Right behind the decoder, so that it holds frames before any aggregator sees them.
      channel.pipeline().addAfter(decoder.name(), FLOW, new FlowControlHandler());
      flowControlled = true;
    }
    channel.config().setAutoRead(read);
  }

  @Override
  public void ping(byte[] payload) {
    if (channel.isActive() && !closing) {
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
    if (!CLOSING.compareAndSet(this, false, true)) {
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
    return closing;
  }

  int localCloseCode() {
    return localCloseCode;
  }

  String localCloseReason() {
    return localCloseReason;
  }

  /** Records a close that another handler has already sent. */
  void closedBy(int code, String reason) {
    closing = true;
    localCloseCode = code;
    localCloseReason = reason;
  }

  /** Closes at once with a close frame and no wait (protocol violations). */
  void abort(int code, String reason) {
    closing = true;
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
    return channel.isActive() && !closing;
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
