package dev.wsm.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server, to make the network fail on purpose: drop every connection
 * without a close frame, stop forwarding (a silent peer), stop reading (a peer that does not
 * drain), refuse new connections, or point at another server (a restart on a new port behind the
 * same address). Blocking I/O, two daemon threads per connection; for tests only.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Pair> pairs = new CopyOnWriteArrayList<>();
  private volatile int targetPort;
  private volatile boolean refusing;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The URL of the proxied server's WebSocket path. */
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ws");
  }

  public void retarget(int port) {
    this.targetPort = port;
  }

  /** New connections are accepted and closed at once (the client sees a failed handshake). */
  public void refuse(boolean value) {
    this.refusing = value;
  }

  /** Resets every open connection (RST, no close frame): an abrupt network failure. */
  public void dropAll() {
    for (Pair pair : pairs) {
      pair.close();
    }
  }

  /** Open connections stop forwarding in both directions; new ones work normally. */
  public void freezeAll() {
    for (Pair pair : pairs) {
      pair.frozen = true;
    }
  }

  /**
   * Open connections stop reading in both directions, so what either side writes backs up in the
   * socket buffers until its writes stall: a peer that stopped draining its connection.
   */
  public void stallAll() {
    for (Pair pair : pairs) {
      pair.stalled = true;
    }
  }

  public int openConnections() {
    return (int) pairs.stream().filter(p -> !p.closed).count();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        Pair pair = new Pair(client, server);
        pairs.add(pair);
        pair.start();
      } catch (IOException e) {
        closeQuietly(client); // the server is down: like a refused connection
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    dropAll();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // RST
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private final class Pair {
    final Socket client;
    final Socket server;
    volatile boolean frozen;
    volatile boolean stalled;
    volatile boolean closed;

    Pair(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      pump(client, server, "proxy-up");
      pump(server, client, "proxy-down");
    }

    private void pump(Socket from, Socket to, String name) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          int n;
          while (awaitUnstalled() && (n = in.read(buffer)) >= 0) {
            if (!frozen) { // frozen: read and discard, so neither side notices anything
              out.write(buffer, 0, n);
              out.flush();
            }
          }
        } catch (IOException e) {
          // one side closed or was reset
        } finally {
          close();
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits while stalled; false once the pair is closed. */
    private boolean awaitUnstalled() throws IOException {
      while (stalled && !closed) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while stalled", e);
        }
      }
      return !closed;
    }

    void close() {
      closed = true;
      closeQuietly(client);
      closeQuietly(server);
      pairs.remove(this);
    }
  }
}
