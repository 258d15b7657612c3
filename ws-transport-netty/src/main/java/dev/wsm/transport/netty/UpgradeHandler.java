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
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns the HTTP upgrade request into a WebSocket: checks the path, asks the core's handshake
 * decision (authentication, connection limits), answers a refusal with its HTTP status, and on
 * acceptance completes the handshake and replaces itself with the frame handler (which adds the
 * fragment aggregator when the connection first sends a message in fragments). The upgrade waits
 * in the event loop's {@link HandshakeQueue}, behind the traffic of established connections.
 */
final class UpgradeHandler extends ChannelInboundHandlerAdapter {
  private final NettyOptions options;
  private final WebSocketDecoderConfig frameLimits;
  private final TransportHandler handler;
  private final ChannelGroup channels;
  private final PendingHandshakes pending;
  private ScheduledFuture<?> timeout;
  private boolean released;
  private boolean queued;
  /** The session the upgrade opened; it owns auto-read from then on. */
  private NettySession opened;

  UpgradeHandler(NettyOptions options, WebSocketDecoderConfig frameLimits,
      TransportHandler handler, ChannelGroup channels, PendingHandshakes pending) {
    this.options = options;
    this.frameLimits = frameLimits;
    this.handler = handler;
    this.channels = channels;
    this.pending = pending;
  }

  /** The frame decoder's settings for {@code options}; the same for every connection. */
  static WebSocketDecoderConfig frameLimits(NettyOptions options) {
    return WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(options.maxMessageSize())
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
  }

  /** Starts the handshake clock: a connection not upgraded in time is closed. */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> {
      ctx.channel().close();
    }, options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Upgraded, refused or closed: stops the clock and gives back the pending-handshake place. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (!released) {
      released = true;
      pending.release();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (queued) { // a client must wait for the 101 before it sends anything more
      request.release();
      return;
    }
    // The upgrade runs after this iteration's reads and writes of established connections; until
    // then nothing more is read from this one (what follows the request stays in the socket).
    // Afterwards the session decides: its reads may have been suspended already.
    queued = true;
    ctx.channel().config().setAutoRead(false);
    HandshakeQueue.submit(ctx.channel().eventLoop(), () -> {
      try {
        if (ctx.channel().isActive() && !ctx.isRemoved()) {
          upgrade(ctx, request);
        }
      } finally {
        request.release();
        if (opened != null) {
          opened.applyReads();
        } else {
          ctx.channel().config().setAutoRead(true);
        }
      }
    });
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      boolean tooLong = request.decoderResult().cause() instanceof TooLongFrameException;
      HttpRefusals.refuse(ctx, tooLong ? 431 : 400, tooLong
          ? "request headers larger than " + options.maxHeaderBytes() + " bytes"
          : "malformed HTTP request");
      return;
    }
    if (headBytes(request) > options.maxHeaderBytes()) {
      HttpRefusals.refuse(ctx, 431, "request line and headers larger than "
          + options.maxHeaderBytes() + " bytes");
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path;
    Map<String, List<String>> query;
    try {
      path = uri.path();
      query = uri.parameters();
    } catch (IllegalArgumentException e) { // a malformed %-escape (found by fuzzing)
      HttpRefusals.refuse(ctx, 400, "bad request: malformed %-escape in the path or query");
      return;
    }
    if (!path.equals(options.path())) {
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
    Handshake handshake = new Handshake(path, query, headers,
        (InetSocketAddress) ctx.channel().remoteAddress());
    AuthResult decision = handler.onHandshake(handshake);
    if (decision instanceof AuthResult.Refused refused) {
      HttpRefusals.refuse(ctx, refused.status(), refused.reason());
      return;
    }
    WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
        (options.tls() == null ? "ws://" : "wss://")
            + request.headers().get(HttpHeaderNames.HOST, "localhost") + options.path(), null,
        frameLimits);
    WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    try {
      handshaker.handshake(ctx.channel(), request);
    } catch (WebSocketHandshakeException e) { // e.g. no Sec-WebSocket-Key (found by fuzzing)
      HttpRefusals.refuse(ctx, 400, "bad WebSocket upgrade: " + e.getMessage());
      return;
    }
    NettySession session = new NettySession(ctx.channel(), options);
    opened = session;
    ctx.pipeline().addAfter(ctx.name(), FrameHandler.NAME,
        new FrameHandler(handler, session, options.maxMessageSize()));
    ctx.pipeline().remove(this);
    channels.add(ctx.channel());
    handler.onOpen(session, ((AuthResult.Accepted) decision).principal());
  }

  /** The size of the request line and headers as sent (ASCII), without the blank line. */
  private static long headBytes(FullHttpRequest request) {
    long size = request.method().name().length() + 1L + request.uri().length() + 1
        + request.protocolVersion().text().length() + 2;
    for (Map.Entry<String, String> e : request.headers()) {
      size += e.getKey().length() + 2L + e.getValue().length() + 2;
    }
    return size;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
