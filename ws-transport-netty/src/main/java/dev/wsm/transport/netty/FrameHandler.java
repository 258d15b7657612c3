package dev.wsm.transport.netty;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.spi.TransportHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a connection's frames to the core, answers pings, runs the closing handshake and reports
 * the close once. Event loop only.
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  /** Its name in the pipeline. */
  static final String NAME = "wsm-frames";
  private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);
  private final TransportHandler handler;
  private final NettySession session;
  private int remoteCloseCode = -1;
  private String remoteCloseReason = "";

  FrameHandler(TransportHandler handler, NettySession session) {
    this.handler = handler;
    this.session = session;
  }

  NettySession session() {
    return session;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
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
