package dev.wsm.transport.javawebsocket;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.Transport;
import dev.wsm.core.spi.TransportHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Transport} on TooTallNate Java-WebSocket. Threads: one selector thread does all
 * socket I/O; {@link JavaWebSocketOptions#workers()} decoder threads decode frames and call the
 * {@link TransportHandler} (each connection is pinned to one of them). Its own lost-connection timer
 * is off: the core's heartbeats own liveness. A timer thread closes handshakes that run past
 * {@link JavaWebSocketOptions#handshakeTimeout()} ({@link PendingHandshakes}). No compression extension is offered. Writes are
 * gathered: each connection's queued frames leave in one {@code write()} per selector wake-up (see
 * {@link GatheringChannel}).
 */
@Singleton
public final class JavaWebSocketTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(JavaWebSocketTransport.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final JavaWebSocketOptions options;
  private volatile Server server;
  private volatile java.util.concurrent.ScheduledExecutorService closer;

  @Inject
  public JavaWebSocketTransport(JavaWebSocketOptions options) {
    this.options = options;
  }

  @Override
  public void start(TransportHandler handler) {
    if (server != null) {
      throw new IllegalStateException("a transport starts once");
    }
    SSLContext tls = options.tls() == null ? null : options.tls().sslContext();
    closer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wsm-close-timer");
      t.setDaemon(true);
      return t;
    });
    PendingHandshakes pending =
        new PendingHandshakes(options.maxPendingHandshakes(), options.handshakeTimeout());
    Server s = new Server(handler, pending, tls);
    server = s;
    long sweepMillis = Math.max(50, Math.min(500, options.handshakeTimeout().toMillis() / 20));
    closer.scheduleWithFixedDelay(pending::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    s.start();
    try {
      s.started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      closer.shutdownNow();
      throw new WsException(ErrorCode.INTERNAL, "cannot listen on " + options.host() + ":"
          + options.port() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new WsException(ErrorCode.INTERNAL, "the server did not start within " + START_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WsException(ErrorCode.INTERNAL, "interrupted while starting");
    }
  }

  @Override
  public InetSocketAddress address() {
    Server s = server;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return new InetSocketAddress(options.host(), s.getPort());
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
    Server s = server;
    if (s == null) {
      return;
    }
    try {
      // Java-WebSocket's stop() queues the close frames, then interrupts its selector thread, which
      // may end before it has written them: a client then waits for a close that never comes.
      // So close first and give the closing handshakes up to half the grace to complete.
      for (org.java_websocket.WebSocket ws : s.getConnections()) {
        ws.close(org.java_websocket.framing.CloseFrame.GOING_AWAY, "server shutting down");
      }
      long deadline = System.nanoTime() + grace.toNanos() / 2;
      while (!s.getConnections().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      s.stop((int) Math.max(1, Math.min(Integer.MAX_VALUE, grace.toMillis() / 2)),
          "server shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closer.shutdownNow();
    }
  }

  private final class Server extends WebSocketServer {
    final CompletableFuture<Void> started = new CompletableFuture<>();
    private final TransportHandler handler;
    private final PendingHandshakes pending;

    Server(TransportHandler handler, PendingHandshakes pending, SSLContext tls) {
      super(new InetSocketAddress(options.host(), options.port()), options.workers(),
          List.<Draft>of(new Draft_6455(List.of(), List.of(new Protocol("")), options.maxMessageSize())));
      this.handler = handler;
      this.pending = pending;
      setTcpNoDelay(options.tcpNoDelay());
      setReuseAddr(true);
      setMaxPendingConnections(options.backlog());
      setConnectionLostTimeout(0);
      setDaemon(true);
      setWebSocketFactory(tls == null
          ? new GatheringServerFactory(pending, options.maxHeaderBytes())
          : new TlsServerFactory(tls, pending, options.maxHeaderBytes()));
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
        ClientHandshake request) throws InvalidDataException {
      ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
      Handshake handshake;
      try {
        handshake = Handshakes.parse(request, conn.getRemoteSocketAddress());
      } catch (IllegalArgumentException e) {
        throw refuse(conn, 400, "bad request: " + e.getMessage());
      }
      if (!handshake.path().equals(options.path())) {
        throw refuse(conn, 404, "no WebSocket endpoint at this path; use " + options.path());
      }
      AuthResult result = handler.onHandshake(handshake);
      if (result instanceof AuthResult.Refused refused) {
        throw refuse(conn, refused.status(), refused.reason());
      }
      conn.setAttachment(((AuthResult.Accepted) result).principal());
      return builder;
    }

    /**
     * Java-WebSocket answers a refused handshake with a fixed 404; our response goes on the queue
     * first, so the client reads our status and reason (and the connection closes after it).
     */
    private InvalidDataException refuse(WebSocket conn, int status, String reason) {
      ((WebSocketImpl) conn).outQueue.add(HttpRefusal.encode(status, reason));
      return new InvalidDataException(CloseFrame.POLICY_VALIDATION, reason);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      WebSocketImpl impl = (WebSocketImpl) conn;
      pending.forget(impl);
      if (impl.getChannel() != null && !impl.getChannel().isOpen()) {
        // The handshake timeout closed the socket while this upgrade completed: never open it.
        impl.closeConnection(CloseFrame.ABNORMAL_CLOSE, "handshake timeout");
        return;
      }
      Principal principal = conn.getAttachment();
      JavaWebSocketSession session = new JavaWebSocketSession((WebSocketImpl) conn, this, options,
          closer);
      conn.setAttachment(session);
      handler.onOpen(session, principal);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      Object attachment = conn.getAttachment();
      if (attachment instanceof JavaWebSocketSession session) {
        handler.onClose(session, code, reason, remote);
      }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      if (conn.getAttachment() instanceof JavaWebSocketSession session) {
        handler.onText(session, message);
      }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      if (conn.getAttachment() instanceof JavaWebSocketSession session) {
        handler.onBinary(session, message);
      }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
      if (conn.getAttachment() instanceof JavaWebSocketSession session) {
        handler.onPong(session, f.getPayloadData());
      }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      if (conn == null) {
        if (!started.completeExceptionally(ex)) {
          log.error("WebSocket server error", ex);
        }
      } else {
        log.debug("Connection error from {}: {}", conn.getRemoteSocketAddress(), ex.toString());
      }
    }

    @Override
    public void onStart() {
      started.complete(null);
    }
  }
}
