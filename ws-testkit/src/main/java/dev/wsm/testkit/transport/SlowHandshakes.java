package dev.wsm.testkit.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many sockets that send an upgrade request one byte per second, driven by the calling thread
 * alone (one selector), until the server has closed them all or a hard deadline passes. Records,
 * per socket, how long after its connect the server closed it.
 */
final class SlowHandshakes implements AutoCloseable {
  private static final byte[] REQUEST = ("GET /ws?user=slow HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final List<SocketChannel> channels = new ArrayList<>();
  private final long[] openedAt;
  private final long[] closedAt;
  private final int[] sent;

  /** What the run saw. */
  record Outcome(int sockets, int closed, Duration slowestClose) {}

  private SlowHandshakes(int count) throws IOException {
    selector = Selector.open();
    openedAt = new long[count];
    closedAt = new long[count];
    sent = new int[count];
  }

  /** Connects {@code count} sockets (blocking connects, then non-blocking reads). */
  static SlowHandshakes connect(InetSocketAddress server, int count) throws IOException {
    SlowHandshakes slow = new SlowHandshakes(count);
    for (int i = 0; i < count; i++) {
      SocketChannel ch = SocketChannel.open(server);
      slow.openedAt[i] = System.nanoTime();
      ch.configureBlocking(false);
      ch.register(slow.selector, SelectionKey.OP_READ, i);
      slow.channels.add(ch);
    }
    return slow;
  }

  /**
   * Sends one byte per second on every open socket and watches for the server's close, until all
   * are closed or {@code deadline} has passed since the call; runs {@code midway} once after
   * {@code midwayAfter}.
   */
  Outcome run(Duration deadline, Duration midwayAfter, Runnable midway) throws IOException {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    long nextByte = start;
    boolean midwayDone = false;
    ByteBuffer sink = ByteBuffer.allocate(4096);
    int open = channels.size();
    while (open > 0 && System.nanoTime() < end) {
      long now = System.nanoTime();
      if (now >= nextByte) {
        for (int i = 0; i < channels.size(); i++) {
          if (closedAt[i] == 0 && sent[i] < REQUEST.length - 1) {
            try {
              channels.get(i).write(ByteBuffer.wrap(REQUEST, sent[i], 1));
              sent[i]++;
            } catch (IOException e) {
              open -= markClosed(i);
            }
          }
        }
        nextByte += 1_000_000_000L;
      }
      if (!midwayDone && now - start >= midwayAfter.toNanos()) {
        midwayDone = true;
        midway.run();
      }
      selector.select(50);
      for (SelectionKey key : selector.selectedKeys()) {
        int i = (Integer) key.attachment();
        int n;
        try {
          sink.clear();
          n = channels.get(i).read(sink);
        } catch (IOException e) {
          n = -1;
        }
        if (n < 0) {
          key.cancel();
          open -= markClosed(i);
        }
      }
      selector.selectedKeys().clear();
    }
    long slowest = 0;
    int closed = 0;
    for (int i = 0; i < channels.size(); i++) {
      if (closedAt[i] != 0) {
        closed++;
        slowest = Math.max(slowest, closedAt[i] - openedAt[i]);
      }
    }
    return new Outcome(channels.size(), closed, Duration.ofNanos(slowest));
  }

  private int markClosed(int i) {
    if (closedAt[i] != 0) {
      return 0;
    }
    closedAt[i] = System.nanoTime();
    try {
      channels.get(i).close();
    } catch (IOException e) {
      // closing a socket the server already closed
    }
    return 1;
  }

  @Override
  public void close() throws IOException {
    for (SocketChannel ch : channels) {
      ch.close();
    }
    selector.close();
  }
}
