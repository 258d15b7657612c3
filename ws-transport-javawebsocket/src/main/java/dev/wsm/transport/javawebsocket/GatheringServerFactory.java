package dev.wsm.transport.javawebsocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Creates plain connections whose channel is a {@link GatheringChannel}; all share one direct
 * scratch buffer, used only by the selector thread. It also admits each new socket as a pending
 * handshake, closing it at once when too many handshakes are in progress.
 */
final class GatheringServerFactory implements WebSocketServerFactory {
  /** The most bytes gathered into one write. */
  static final int SCRATCH_BYTES = 256 * 1024;

  private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
  private final PendingHandshakes pending;
  private final int maxHeaderBytes;

  GatheringServerFactory(PendingHandshakes pending, int maxHeaderBytes) {
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
    if (key.attachment() instanceof WebSocketImpl conn && !pending.admit(conn)) {
      channel.close(); // over the pending-handshake cap: refused before reading anything
    }
    return new GatheringChannel(channel, key, scratch, new HeadBudget(pending, key, maxHeaderBytes));
  }

  @Override
  public void close() {}
}
