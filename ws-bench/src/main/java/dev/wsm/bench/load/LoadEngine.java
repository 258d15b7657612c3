package dev.wsm.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The load tool's engine: every client connection on one selector thread, on raw NIO, so that the
 * tool spends far less CPU per delivery than the server it measures. Not thread-safe: one run, one
 * thread.
 */
final class LoadEngine implements AutoCloseable {
  private static final byte[] REPLY = "\"reply\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_101 = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);
  private static final int CONNECTING = 0;
  private static final int HANDSHAKE = 1;
  private static final int OPEN = 2;
  private static final int JOINED = 3;
  private static final int CLOSED = 4;

  private final LoadOptions options;
  private final Selector selector;
  private final InetSocketAddress address;
  /** Where subscribers connect, round-robin; publishers use {@link #address}. */
  private List<InetSocketAddress> subscriberAddresses = List.of();
  private final ByteBuffer readBuf = ByteBuffer.allocateDirect(1 << 20);
  private final List<Conn> conns = new ArrayList<>();
  private final Histogram latencyMicros = new Histogram(60_000_000L, 3);
  /** Subscribers' latencies by the server they are on, when spread; else empty. */
  private Histogram[] latencyByServer = new Histogram[0];
  /** When spread: per message (by its send stamp), the first delivery's time on each server. */
  private final java.util.HashMap<Long, long[]> firstArrival = new java.util.HashMap<>();
  private final Progress progress;
  /** Latency per 10 ms of send time, or null. */
  private Timeline timeline;
  /**
   * Prefix of this run's user names: every run has users of its own, so a run does not meet the
   * previous run's users still in their presence grace on the same server.
   */
  private final String run = Long.toString(System.nanoTime() & 0xFFFFFFL, 36) + "-";

  long handshakesDone;
  long handshakeFailures;
  long joined;
  long delivered;
  long closedByServer;
  long firstDeliveryNanos;
  long lastDeliveryNanos;
  private int inflight;

  final class Conn {
    final int index;
    final boolean publisher;
    final int room;
    SocketChannel channel;
    SelectionKey key;
    int state = CONNECTING;
    ByteBuffer leftover;
    ByteBuffer out;

    Conn(int index, boolean publisher, int room) {
      this.index = index;
      this.publisher = publisher;
      this.room = room;
    }
  }

  LoadEngine(LoadOptions options, Progress progress) throws IOException {
    this.options = options;
    this.progress = progress;
    this.selector = Selector.open();
    int port = options.url().getPort() > 0 ? options.url().getPort() : 80;
    this.address = new InetSocketAddress(options.url().getHost(), port);
    for (int i = 0; i < options.subscribers(); i++) {
      conns.add(new Conn(i, false, i % options.rooms()));
    }
    for (int j = 0; j < options.publishers(); j++) {
      conns.add(new Conn(options.subscribers() + j, true, j % options.rooms()));
    }
  }

  /**
   * The server of a subscriber when spread: round-robin over each room's subscribers (subscriber
   * i is in room i mod rooms), so that every room has members on every server whatever the numbers
   * of rooms and servers.
   */
  private int serverOf(Conn c) {
    return (c.index / options.rooms()) % subscriberAddresses.size();
  }

  /** Spreads the subscribers over these servers (round-robin) instead of the url's. */
  void spreadSubscribers(List<InetSocketAddress> addresses) {
    subscriberAddresses = List.copyOf(addresses);
    latencyByServer = new Histogram[addresses.size()];
    for (int i = 0; i < latencyByServer.length; i++) {
      latencyByServer[i] = new Histogram(60_000_000L, 3);
    }
  }

  private InetSocketAddress addressOf(Conn c) {
    return c.publisher || subscriberAddresses.isEmpty() ? address
        : subscriberAddresses.get(serverOf(c));
  }

  /** Records every delivery's latency by its send time from now on. */
  void timeline(Timeline t) {
    timeline = t;
  }

  Histogram latency() {
    return latencyMicros;
  }

  /**
   * What reaching server {@code i} (1, 2, ...) took more than reaching the publishers' server 0, per
   * message: its first delivery there minus its first delivery on server 0, in µs (0 when it was
   * there first), over the messages that reached both. Element 0 is empty.
   */
  List<Histogram> hopByServer() {
    List<Histogram> hops = new ArrayList<>();
    for (int i = 0; i < latencyByServer.length; i++) {
      hops.add(new Histogram(60_000_000L, 3));
    }
    for (long[] first : firstArrival.values()) {
      for (int i = 1; i < first.length; i++) {
        if (first[0] != 0 && first[i] != 0) {
          hops.get(i).recordValue(Math.max(0, Math.min((first[i] - first[0]) / 1000, 59_999_999L)));
        }
      }
    }
    return hops;
  }

  /** The subscribers' latencies by server, in the order given to {@link #spreadSubscribers}. */
  List<Histogram> latencyByServer() {
    return List.of(latencyByServer);
  }

  List<Conn> publishers() {
    return conns.stream().filter(c -> c.publisher).toList();
  }

  /** Opens every connection, at most {@code connectConcurrency} handshakes at once. */
  void connectAll(long deadlineNanos, boolean join) throws IOException {
    int next = 0;
    while (handshakesDone + handshakeFailures < conns.size()) {
      while (inflight < options.connectConcurrency() && next < conns.size()) {
        open(conns.get(next++));
      }
      poll(5, join);
      if (System.nanoTime() > deadlineNanos) {
        throw new IOException("connecting took longer than the run's maximum duration");
      }
    }
  }

  /** Waits until every connection's join was answered. */
  void awaitJoined(long deadlineNanos) throws IOException {
    while (joined < handshakesDone) {
      poll(5, true);
      if (System.nanoTime() > deadlineNanos) {
        throw new IOException("joins not answered: " + joined + " of " + handshakesDone);
      }
    }
  }

  private void open(Conn c) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.channel = ch;
    inflight++;
    if (ch.connect(addressOf(c))) {
      c.key = ch.register(selector, SelectionKey.OP_READ, c);
      sendUpgrade(c);
    } else {
      c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
    }
  }

  private void sendUpgrade(Conn c) throws IOException {
    c.state = HANDSHAKE;
    String path = options.url().getRawPath().isEmpty() ? "/" : options.url().getRawPath();
    String request = "GET " + path + "?user=" + run + (c.publisher ? "p" : "s") + c.index
        + " HTTP/1.1\r\n"
        + "Host: " + addressOf(c).getHostString() + ":" + addressOf(c).getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    send(c, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
  }

  /** One round of the selector: connects, reads, writes. */
  void poll(long timeoutMillis, boolean join) throws IOException {
    if (timeoutMillis < 0) {
      selector.selectNow();
    } else if (timeoutMillis == 0) {
      selector.selectNow();
    } else {
      selector.select(timeoutMillis);
    }
    for (SelectionKey key : selector.selectedKeys()) {
      Conn c = (Conn) key.attachment();
      if (!key.isValid()) {
        continue;
      }
      try {
        if (key.isConnectable()) {
          c.channel.finishConnect();
          key.interestOps(SelectionKey.OP_READ);
          sendUpgrade(c);
        }
        if (key.isValid() && key.isReadable()) {
          read(c, join);
        }
        if (key.isValid() && key.isWritable()) {
          flush(c);
        }
      } catch (IOException e) {
        fail(c);
      }
    }
    selector.selectedKeys().clear();
    progress.tick(this);
  }

  private void fail(Conn c) {
    if (c.state == CONNECTING || c.state == HANDSHAKE) {
      handshakeFailures++;
      inflight--;
    } else if (c.state != CLOSED) {
      closedByServer++;
    }
    c.state = CLOSED;
    closeQuietly(c);
  }

  private void read(Conn c, boolean join) throws IOException {
    readBuf.clear();
    if (c.leftover != null) {
      readBuf.put(c.leftover);
      c.leftover = null;
    }
    int n = c.channel.read(readBuf);
    if (n < 0) {
      fail(c);
      return;
    }
    readBuf.flip();
    if (c.state == HANDSHAKE && !readHandshake(c, join)) {
      return;
    }
    readFrames(c, join);
    if (readBuf.hasRemaining()) {
      c.leftover = ByteBuffer.allocate(readBuf.remaining()).put(readBuf).flip();
    }
  }

  /** Reads the HTTP answer; false if it is incomplete (kept for later) or refused. */
  private boolean readHandshake(Conn c, boolean join) throws IOException {
    int end = -1;
    for (int i = readBuf.position(); i + 3 < readBuf.limit(); i++) {
      if (readBuf.get(i) == '\r' && readBuf.get(i + 1) == '\n' && readBuf.get(i + 2) == '\r'
          && readBuf.get(i + 3) == '\n') {
        end = i + 4;
        break;
      }
    }
    if (end < 0) {
      c.leftover = ByteBuffer.allocate(readBuf.remaining()).put(readBuf).flip();
      return false;
    }
    if (!ClientFrames.contains(readBuf, readBuf.position(), readBuf.position() + HTTP_101.length,
        HTTP_101)) {
      fail(c);
      readBuf.position(readBuf.limit());
      return false;
    }
    readBuf.position(end);
    c.state = OPEN;
    handshakesDone++;
    inflight--;
    if (join) {
      send(c, frame("{\"type\":\"join\",\"ref\":\"j\",\"room\":\"room-" + c.room + "\"}"));
    }
    return true;
  }

  private void readFrames(Conn c, boolean join) throws IOException {
    while (readBuf.remaining() >= 2) {
      int start = readBuf.position();
      int b0 = readBuf.get(start) & 0xFF;
      int header = ClientFrames.headerLength(readBuf);
      if (header == 0) {
        return;
      }
      long len = ClientFrames.payloadLength(readBuf, header);
      if (readBuf.remaining() < header + len) {
        return;
      }
      int from = start + header;
      int to = (int) (from + len);
      onFrame(c, b0 & 0x0F, from, to, join);
      readBuf.position(to);
    }
  }

  private void onFrame(Conn c, int opcode, int from, int to, boolean join) throws IOException {
    if (opcode == ClientFrames.TEXT) {
      if (c.state == OPEN) {
        if (join && ClientFrames.contains(readBuf, from, to, REPLY)) {
          c.state = JOINED;
          joined++;
        }
        return;
      }
      long sentNanos = ClientFrames.timestamp(readBuf, from, to);
      if (sentNanos > 0) {
        long now = System.nanoTime();
        long micros = Math.max(0, Math.min((now - sentNanos) / 1000, 59_999_999L));
        latencyMicros.recordValue(micros);
        if (timeline != null) {
          timeline.record(sentNanos, micros);
        }
        if (!c.publisher && latencyByServer.length > 0) {
          int server = serverOf(c);
          latencyByServer[server].recordValue(micros);
          long[] first = firstArrival.computeIfAbsent(sentNanos, k -> new long[latencyByServer.length]);
          if (first[server] == 0) {
            first[server] = now;
          }
        }
        if (delivered++ == 0) {
          firstDeliveryNanos = now;
        }
        lastDeliveryNanos = now;
      }
    } else if (opcode == ClientFrames.PING) {
      byte[] payload = new byte[to - from];
      readBuf.get(from, payload);
      ByteBuffer pong = ByteBuffer.allocate(ClientFrames.frameSize(payload.length));
      ClientFrames.write(pong, ClientFrames.PONG, payload);
      send(c, pong.flip());
    } else if (opcode == ClientFrames.CLOSE) {
      fail(c);
    }
  }

  static ByteBuffer frame(String json) {
    byte[] payload = ClientFrames.text(json);
    ByteBuffer buf = ByteBuffer.allocate(ClientFrames.frameSize(payload.length));
    ClientFrames.write(buf, ClientFrames.TEXT, payload);
    return buf.flip();
  }

  /**
   * Queues bytes for a connection and writes what the socket takes now. What it does not take (the
   * server stopped reading: back-pressure) waits in the connection's buffer, in order, and goes out
   * as the socket becomes writable again.
   */
  void send(Conn c, ByteBuffer bytes) throws IOException {
    if (c.state == CLOSED) {
      return;
    }
    if (c.out == null) {
      c.channel.write(bytes);
      if (!bytes.hasRemaining()) {
        return;
      }
      c.out = ByteBuffer.allocate(Math.max(bytes.remaining(), 64 * 1024)).put(bytes).flip();
      c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
      return;
    }
    if (c.out.capacity() - c.out.limit() < bytes.remaining()) {
      int needed = c.out.remaining() + bytes.remaining();
      if (needed <= c.out.capacity()) {
        c.out.compact().flip(); // what was written makes room
      } else {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, c.out.capacity() * 2));
        bigger.put(c.out).flip();
        c.out = bigger;
      }
    }
    int pos = c.out.position();
    c.out.position(c.out.limit()).limit(c.out.capacity());
    c.out.put(bytes);
    c.out.limit(c.out.position()).position(pos);
  }

  private void flush(Conn c) throws IOException {
    if (c.out != null) {
      c.channel.write(c.out);
      if (!c.out.hasRemaining()) {
        c.out = null;
        c.key.interestOps(SelectionKey.OP_READ);
      }
    }
  }

  /** Processes whatever is ready without waiting. */
  void selectNow() throws IOException {
    poll(-1, false);
  }

  boolean hasPendingWrites() {
    for (Conn c : conns) {
      if (c.out != null && c.state != CLOSED) {
        return true;
      }
    }
    return false;
  }

  int connectionCount() {
    return conns.size();
  }

  private static void closeQuietly(Conn c) {
    try {
      if (c.channel != null) {
        c.channel.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
  }

  /**
   * Ends the run as clients that leave do: a close frame (1000) on every open connection, then up
   * to a second for the server's answers, then the sockets close. (Dropped without a close, the
   * server would keep each user's place for its presence grace, into the next run.)
   */
  @Override
  public void close() throws IOException {
    byte[] normal = {0x03, (byte) 0xE8};
    for (Conn c : conns) {
      if (c.state == OPEN || c.state == JOINED) {
        ByteBuffer frame = ByteBuffer.allocate(ClientFrames.frameSize(normal.length));
        ClientFrames.write(frame, ClientFrames.CLOSE, normal);
        try {
          send(c, frame.flip()); // after any bytes still waiting, never inside them
        } catch (IOException e) {
          closeQuietly(c);
        }
      }
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < deadline
        && conns.stream().anyMatch(c -> c.state == OPEN || c.state == JOINED)) {
      poll(10, false);
    }
    for (Conn c : conns) {
      closeQuietly(c);
    }
    selector.close();
  }
}
