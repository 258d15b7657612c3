package dev.wsm.transport.netty;

import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.TransportHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the HTTP upgrade request into a WebSocket: checks the path, asks the core's handshake
 * decision (authentication, connection limits), answers a refusal with its HTTP status, and on
 * acceptance completes the handshake and replaces itself with the frame handler.
 */
final class UpgradeHandler extends ChannelInboundHandlerAdapter {
  private final NettyOptions options;
  private final TransportHandler handler;
  private final ChannelGroup channels;

  UpgradeHandler(NettyOptions options, TransportHandler handler, ChannelGroup channels) {
    this.options = options;
    this.handler = handler;
    this.channels = channels;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      upgrade(ctx, request);
    } finally {
      request.release();
    }
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      boolean tooLong = request.decoderResult().cause() instanceof TooLongFrameException;
      HttpRefusals.refuse(ctx, tooLong ? 431 : 400, tooLong
          ? "request headers larger than " + options.maxHeaderBytes() + " bytes"
          : "malformed HTTP request");
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    if (!uri.path().equals(options.path())) {
      HttpRefusals.refuse(ctx, 404, "no WebSocket endpoint at this path; use " + options.path());
      return;
    }
    if (request.method() != HttpMethod.GET
        || !"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
      HttpRefusals.refuse(ctx, 400, "expected a WebSocket upgrade (GET with Upgrade: websocket)");
      return;
    }
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    Map<String, List<String>> query = uri.parameters();
    Handshake handshake = new Handshake(uri.path(), query, headers,
        (InetSocketAddress) ctx.channel().remoteAddress());
    AuthResult decision = handler.onHandshake(handshake);
    if (decision instanceof AuthResult.Refused refused) {
      HttpRefusals.refuse(ctx, refused.status(), refused.reason());
      return;
    }
    WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
        "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + options.path(), null,
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(options.maxMessageSize())
            .allowExtensions(false)
            .closeOnProtocolViolation(true)
            .build());
    WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    NettySession session = new NettySession(ctx.channel(), options);
    handshaker.handshake(ctx.channel(), request);
    ctx.pipeline().addAfter(ctx.name(), "wsm-frames",
        new FrameHandler(handler, session));
    ctx.pipeline().addAfter(ctx.name(), "wsm-aggregator",
        new WebSocketFrameAggregator(options.maxMessageSize()));
    ctx.pipeline().remove(this);
    channels.add(ctx.channel());
    handler.onOpen(session, ((AuthResult.Accepted) decision).principal());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
