package dev.wsm.transport.netty;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.spi.TransportHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a connection's frames to the core, answers pings, runs the closing handshake and reports
 * the close once. Event loop only.
 *
 * <p>A message sent in fragments is reassembled by a {@link WebSocketFrameAggregator} (limited to
 * the message size), put in front of this handler when the connection sends its first fragmented
 * message and kept from then on: most clients never fragment, and their connections go without one.
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  static final String NAME = "wsm-frames";
  static final String AGGREGATOR = "wsm-aggregator";
  private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);
  private final TransportHandler handler;
  private final NettySession session;
  private final int maxMessageSize;
  private int remoteCloseCode = -1;
  private String remoteCloseReason = "";

  FrameHandler(TransportHandler handler, NettySession session, int maxMessageSize) {
    this.handler = handler;
    this.session = session;
    this.maxMessageSize = maxMessageSize;
  }

  NettySession session() {
    return session;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (!frame.isFinalFragment()
        && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
      aggregateFrom(ctx, frame);
    } else if (frame instanceof TextWebSocketFrame text) {
      handler.onText(session, text.text());
    } else if (frame instanceof BinaryWebSocketFrame binary) {
      handler.onBinary(session, binary.content().nioBuffer());
    } else if (frame instanceof PongWebSocketFrame pong) {
      handler.onPong(session, pong.content().nioBuffer());
    } else if (frame instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
    } else if (frame instanceof CloseWebSocketFrame close) {
      remoteCloseCode = close.statusCode() < 0 ? 1005 : close.statusCode();
      remoteCloseReason = close.reasonText();
      if (session.isClosing()) {
        session.closeAnswered();
      } else {
        ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /**
   * The first fragment of a message, before any aggregator: adds one in front of this handler and
   * passes it the fragment, as if it had been there all along. (The decoder refuses a continuation
   * without a first fragment, so an unaggregated fragment is always a first one.)
   */
  private void aggregateFrom(ChannelHandlerContext ctx, WebSocketFrame first) {
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addBefore(ctx.name(), AGGREGATOR, new WebSocketFrameAggregator(maxMessageSize));
    // From the handler just before it (the decoder, or the FlowControlHandler that holds the
    // fragments read after this one), the read goes to the next inbound handler: the aggregator.
    List<String> names = pipeline.names();
    pipeline.context(names.get(names.indexOf(AGGREGATOR) - 1)).fireChannelRead(first.retain());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    boolean remote = session.localCloseCode() < 0;
    int code = remote ? (remoteCloseCode < 0 ? 1006 : remoteCloseCode) : session.localCloseCode();
    String reason = remote ? remoteCloseReason : session.localCloseReason();
    handler.onClose(session, code, reason, remote);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      session.abort(CloseCodes.TOO_BIG, "message too big");
    } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      // The decoder has already sent the close frame with the right code (e.g. 1009, 1002).
      session.closedBy(corrupted.closeStatus() == null ? CloseCodes.PROTOCOL_ERROR
          : corrupted.closeStatus().code(), String.valueOf(corrupted.getMessage()));
      ctx.close();
    } else if (cause instanceof IOException) {
      ctx.close();
    } else {
      log.warn("Closing a connection after an unexpected error", cause);
      session.abort(CloseCodes.INTERNAL_ERROR, "internal error");
    }
  }
}
