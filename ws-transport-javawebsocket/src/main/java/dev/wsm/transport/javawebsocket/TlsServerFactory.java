package dev.wsm.transport.javawebsocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.java_websocket.SSLSocketChannel2;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.drafts.Draft;

/**
 * Creates TLS connections ({@code wss://}): Java-WebSocket's {@link SSLSocketChannel2} under a
 * channel that keeps the same handshake accounting as {@link GatheringServerFactory} (the
 * pending-handshake cap, the header limit). Writes are not gathered under TLS. The TLS engine's
 * delegated tasks run on one daemon thread of the factory's own.
 */
final class TlsServerFactory implements WebSocketServerFactory {
  private final SSLContext context;
  private final PendingHandshakes pending;
  private final int maxHeaderBytes;
  private final ExecutorService tasks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "wsm-tls-tasks");
    t.setDaemon(true);
    return t;
  });

  TlsServerFactory(SSLContext context, PendingHandshakes pending, int maxHeaderBytes) {
    this.context = context;
    this.pending = pending;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return new WebSocketImpl(adapter, draft);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return new WebSocketImpl(adapter, drafts);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    HeadBudget budget = new HeadBudget(pending, key, maxHeaderBytes);
    if (key.attachment() instanceof WebSocketImpl conn && !pending.admit(conn)) {
      channel.close(); // over the pending-handshake cap: refused before reading anything
      return new Tls(channel, key, budget);
    }
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return new Tls(new SSLSocketChannel2(channel, engine, tasks, key), key, budget);
  }

  @Override
  public void close() {
    tasks.shutdownNow();
  }

  /**
   * The TLS channel with the header limit on the decrypted bytes of the upgrade request. Suspended
   * reads stop reading the socket; what the TLS engine has already decrypted is still delivered.
   */
  private static final class Tls extends SuspendableChannel {
    private final ByteChannel inner;
    private final HeadBudget budget;

    Tls(ByteChannel inner, SelectionKey key, HeadBudget budget) {
      super(key);
      this.inner = inner;
      this.budget = budget;
    }

    private WrappedByteChannel wrapped() {
      return inner instanceof WrappedByteChannel w ? w : null;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (readsHeld()) {
        return 0;
      }
      return checked(inner.read(dst), dst);
    }

    @Override
    public int readMore(ByteBuffer dst) throws IOException {
      WrappedByteChannel w = wrapped();
      return w == null ? 0 : checked(w.readMore(dst), dst);
    }

    private int checked(int n, ByteBuffer dst) throws IOException {
      if (budget.overspent(n)) {
        inner.write(HttpRefusal.encode(431, "request line and headers too large"));
        dst.clear();
        return -1;
      }
      return n;
    }

    @Override
    public boolean isNeedRead() {
      WrappedByteChannel w = wrapped();
      return w != null && w.isNeedRead();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return inner.write(src);
    }

    /** The TLS engine's pending bytes, or reads held (see {@link SuspendableChannel}). */
    @Override
    public boolean isNeedWrite() {
      WrappedByteChannel w = wrapped();
      return (w != null && w.isNeedWrite()) || holdingReads();
    }

    @Override
    public void writeMore() throws IOException {
      WrappedByteChannel w = wrapped();
      if (w != null && w.isNeedWrite()) {
        w.writeMore();
      }
    }

    @Override
    public boolean isBlocking() {
      WrappedByteChannel w = wrapped();
      return w != null ? w.isBlocking() : false;
    }

    @Override
    public boolean isOpen() {
      return inner.isOpen();
    }

    @Override
    public void close() throws IOException {
      budget.closed();
      inner.close();
    }
  }
}
