package dev.wsm.transport.netty;

import dev.wsm.core.CloseCodes;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;
import dev.wsm.core.spi.Transport;
import dev.wsm.core.spi.TransportHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} on Netty: native epoll on Linux (NIO elsewhere), one acceptor thread and
 * {@link NettyOptions#ioThreads()} event loops. Each connection is served by one event loop, which
 * decodes its frames and calls the {@link TransportHandler}; sends from any thread are queued per
 * connection and written by its event loop with one flush per burst (a gathering {@code writev}).
 */
@Singleton
public final class NettyTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

  private final NettyOptions options;
  private final ChannelGroup channels = new DefaultChannelGroup("wsm", GlobalEventExecutor.INSTANCE);
  private final PendingHandshakes pending;
  /** The frame decoders' settings, one instance for every connection. */
  private final WebSocketDecoderConfig frameLimits;
  private EventLoopGroup acceptor;
  private EventLoopGroup workers;
  private volatile Channel listener;

  @Inject
  public NettyTransport(NettyOptions options) {
    this.options = options;
    this.pending = new PendingHandshakes(options.maxPendingHandshakes());
    this.frameLimits = UpgradeHandler.frameLimits(options);
  }

  /**
   * One receive-buffer sizer for every connection, where Netty would make one per channel: what it
   * learns of a connection's reads lives in that channel's own handle, so sharing it saves 40 bytes
   * a connection and changes nothing else. At most 16 reads per wake-up, Netty's default for a
   * stream channel (the per-channel sizer is given it from the channel's metadata).
   */
  private static RecvByteBufAllocator receiveBuffers() {
    return new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16);
  }

  private static WriteBufferWaterMark waterMark(long maxQueuedBytes) {
    int high = (int) Math.min(Integer.MAX_VALUE, maxQueuedBytes);
    return new WriteBufferWaterMark(high / 2, high);
  }

  @Override
  public void start(TransportHandler handler) {
    if (listener != null) {
      throw new IllegalStateException("a transport starts once");
    }
    SslContext tls = options.tls() == null ? null
        : new JdkSslContext(options.tls().sslContext(), false, ClientAuth.NONE);
    boolean epoll = Epoll.isAvailable();
    acceptor = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("wsm-accept", true))
        : new NioEventLoopGroup(1, new DefaultThreadFactory("wsm-accept", true));
    workers = epoll
        ? new EpollEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("wsm-io", true))
        : new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("wsm-io", true));
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, options.backlog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, options.tcpNoDelay())
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, receiveBuffers())
        // The session bounds a connection's bytes itself (maxQueuedBytes) and never reads
        // writability: marks at that bound keep Netty from firing a writability change through the
        // pipeline each time a fan-out burst crosses the default 64 KiB.
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(options.maxQueuedBytes()))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (!pending.tryAcquire()) {
              ch.close(); // too many handshakes in progress: refuse before reading anything
              return;
            }
            handshakePipeline(ch, tls, options, frameLimits, handler, channels, pending);
          }
        });
    ChannelFuture bound = bootstrap.bind(options.host(), options.port()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      Throwable cause = bound.cause();
      throw new WsException(ErrorCode.INTERNAL, "cannot listen on " + options.host() + ":"
          + options.port() + ": " + (cause == null ? "unknown error" : cause.getMessage()), cause);
    }
    listener = bound.channel();
    log.debug("Netty transport on {} ({})", listener.localAddress(), epoll ? "epoll" : "nio");
  }

  /**
   * The handlers of a connection before its upgrade: TLS when configured, HTTP decoding within the
   * header limit, and the upgrade handler (which holds a pending-handshake place and the handshake
   * clock, so a TLS handshake counts against the handshake timeout too).
   */
  static void handshakePipeline(Channel ch, SslContext tls, NettyOptions options,
      WebSocketDecoderConfig frameLimits, TransportHandler handler, ChannelGroup channels,
      PendingHandshakes pending) {
    ChannelPipeline pipeline = ch.pipeline();
    if (tls != null) {
      pipeline.addLast("tls", tls.newHandler(ch.alloc()));
    }
    pipeline
        .addLast("http", new HttpServerCodec(options.maxHeaderBytes(), options.maxHeaderBytes(),
            8192))
        .addLast("http-aggregator", new HttpObjectAggregator(8192))
        .addLast("upgrade", new UpgradeHandler(options, frameLimits, handler, channels, pending));
  }

  @Override
  public InetSocketAddress address() {
    Channel l = listener;
    if (l == null) {
      throw new IllegalStateException("not started");
    }
    return new InetSocketAddress(options.host(), ((InetSocketAddress) l.localAddress()).getPort());
  }

  @Override
  public String path() {
    return options.path();
  }

  /** {@code wss} when TLS is configured, else {@code ws}. */
  @Override
  public String scheme() {
    return options.tls() == null ? "ws" : "wss";
  }

  @Override
  public void stop(Duration grace) {
    Channel l = listener;
    if (l == null || workers.isShuttingDown()) {
      return;
    }
    l.close().awaitUninterruptibly();
    for (Channel ch : channels) {
      if (ch.pipeline().get(FrameHandler.class) != null) {
        ch.pipeline().get(FrameHandler.class).session().close(CloseCodes.GOING_AWAY,
            "server shutting down");
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (!channels.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    channels.close().awaitUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
