package dev.wsm.bench.storm;

import dev.wsm.bench.load.ClientFrames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * The storm's clients, all on one selector thread on raw NIO (no thread per client), so the tool
 * costs far less than the server it measures. Each client tracks its session token, its room's
 * epoch and the highest offset it has seen, and checks every message's offset: the next one is
 * always expected, a smaller one is a duplicate and a larger one a loss. Not thread-safe: one run,
 * one thread.
 */
final class StormEngine implements AutoCloseable {
  static final int IDLE = 0;
  static final int CONNECTING = 1;
  static final int HANDSHAKE = 2;
  static final int WELCOME = 3;
  static final int JOINING = 4;
  static final int LIVE = 5;
  static final int RESUMING = 6;
  static final int DOWN = 7;
  static final int FAILED = 8;

  private static final byte[] HTTP_101 = FrameScan.ascii("HTTP/1.1 101");
  private static final byte[] MESSAGE = FrameScan.ascii("{\"type\":\"message\"");
  private static final byte[] WELCOME_T = FrameScan.ascii("{\"type\":\"welcome\"");
  private static final byte[] REPLY = FrameScan.ascii("{\"type\":\"reply\"");
  private static final byte[] RECOVERED = FrameScan.ascii("{\"type\":\"recovered\"");
  private static final byte[] OFFSET = FrameScan.ascii("\"offset\":");
  private static final byte[] MISSED = FrameScan.ascii("\"missed\":");
  private static final byte[] SESSION = FrameScan.ascii("\"session\":\"");
  private static final byte[] REF = FrameScan.ascii("\"ref\":\"");
  private static final byte[] EPOCH = FrameScan.ascii("\"epoch\":\"");
  private static final byte[] STREAM = FrameScan.ascii("\"stream\":{");
  private static final byte[] OK_TRUE = FrameScan.ascii("\"ok\":true");
  private static final byte[] RECOVERED_TRUE = FrameScan.ascii("\"recovered\":true");

  private final StormOptions options;
  private final String runId;
  private final Selector selector;
  private final InetSocketAddress address;
  private final String path;
  private final ByteBuffer readBuf = ByteBuffer.allocateDirect(1 << 20);
  private final List<StormClient> conns = new ArrayList<>();
  private final StormClient publisher;
  private final PriorityQueue<StormClient> scheduled =
      new PriorityQueue<>(Comparator.comparingLong((StormClient c) -> c.reconnectAt));
  private final Random random;
  private final byte[] padding;

  final Histogram baselineLatencyMicros = new Histogram(60_000_000L, 3);
  final Histogram stormLatencyMicros = new Histogram(60_000_000L, 3);
  /** 0: latency not recorded; 1: into the baseline; 2: into the storm's. */
  int latencyPhase;
  boolean storming;
  long dropped;
  int inflight;
  long ready;
  long initialFailures;
  long joinFailures;
  long reconnectHandshakes;
  long firstReconnectAt;
  long lastHandshakeAt;
  long retries;
  long permanentFailures;
  long closedByServer;
  long recoveredTrue;
  long recoveredFalse;
  long lastRecoveredAt;
  long resumeErrors;
  boolean publishing;
  long nextPublishAt;
  long publishIntervalNanos;
  long published;
  long publishReplies;
  long publishErrors;
  private int nextRoom;
  final long[] lastOffset;

  StormEngine(StormOptions options) throws IOException {
    this.options = options;
    this.random = new Random(options.seed());
    // Rooms and users of each run are new, also against a long-running --url server.
    this.runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFL, 36);
    this.selector = Selector.open();
    int port = options.url().getPort() > 0 ? options.url().getPort() : 80;
    this.address = new InetSocketAddress(options.url().getHost(), port);
    this.path = options.url().getRawPath().isEmpty() ? "/" : options.url().getRawPath();
    this.lastOffset = new long[options.rooms()];
    this.padding = "x".repeat(Math.max(1, options.payloadBytes() - 30)).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < options.clients(); i++) {
      conns.add(new StormClient(i, i % options.rooms(), StormClient.Kind.CLIENT, runId));
    }
    for (int i = 0; i < options.steady(); i++) {
      conns.add(new StormClient(options.clients() + i, i % options.rooms(), StormClient.Kind.STEADY, runId));
    }
    publisher = new StormClient(options.clients() + options.steady(), -1, StormClient.Kind.PUBLISHER, runId);
    conns.add(publisher);
    this.publishIntervalNanos = 1_000_000_000L / options.rate();
  }

  /** Whether the publisher's connection failed or was closed, or one of its publishes was refused. */
  boolean publisherFailed() {
    return publisher.state == FAILED || publishErrors > 0;
  }

  List<StormClient> conns() {
    return conns;
  }

  String roomName(int room) {
    return "storm-" + runId + "-" + room;
  }

  /** Schedules every connection's first connect now. */
  void connectAll() {
    for (StormClient c : conns) {
      c.reconnectAt = 0;
      scheduled.add(c);
    }
  }

  /** Whether every connection is joined or has failed. */
  boolean allReady() {
    return ready + initialFailures + joinFailures >= conns.size();
  }

  /** Starts the paced publisher now. */
  void startPublishing() {
    publishing = true;
    nextPublishAt = System.nanoTime();
  }

  void stopPublishing() {
    publishing = false;
  }

  /**
   * Drops every joined client's TCP connection at once, abruptly (RST: linger 0, no close frame),
   * and schedules its reconnect after {@code down} plus its jitter.
   */
  int dropClients(long downNanos, long jitterNanos) {
    long now = System.nanoTime();
    storming = true;
    int dropped = 0;
    for (StormClient c : conns) {
      if (c.kind != StormClient.Kind.CLIENT || c.state != LIVE) {
        continue;
      }
      try {
        c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      } catch (IOException e) {
        // closing anyway
      }
      c.closeQuietly();
      c.state = DOWN;
      c.leftover = null;
      c.out = null;
      c.reconnectAt = now + downNanos + (jitterNanos == 0 ? 0 : (long) (random.nextDouble() * jitterNanos));
      dropped++;
    }
    for (StormClient c : conns) {
      if (c.state == DOWN) {
        scheduled.add(c);
      }
    }
    try {
      selector.selectNow(); // deregisters the closed channels now, as part of the drop
    } catch (IOException e) {
      // the next poll reports it
    }
    // The publisher pauses while the tool drops (0.2-0.7 s for 10,000 sockets): a message due then
    // would be sent late and show the tool's pause as the server's latency.
    nextPublishAt = Math.max(nextPublishAt, System.nanoTime());
    firstReconnectAt = now + downNanos;
    this.dropped = dropped;
    return dropped;
  }

  /** Dropped clients that are neither recovered (true or false) nor given up. */
  long unresolved() {
    return dropped - recoveredTrue - recoveredFalse - permanentFailures;
  }

  /** Whether every client and steady client has reached its room's last published offset. */
  boolean caughtUp() {
    if (publishReplies + publishErrors < published) {
      return false;
    }
    for (StormClient c : conns) {
      if (c.kind != StormClient.Kind.PUBLISHER && c.state == LIVE && c.offset < lastOffset[c.room]) {
        return false;
      }
    }
    return true;
  }

  /** One round: starts due connects, publishes what is due, then handles what the sockets have. */
  void poll(long timeoutMillis) throws IOException {
    long now = System.nanoTime();
    // At most 100 new sockets per round, so the round stays short and replies keep flowing.
    for (int opened = 0; opened < 100 && inflight < options.connectConcurrency()
        && !scheduled.isEmpty() && scheduled.peek().reconnectAt <= now; opened++) {
      open(scheduled.poll(), now);
    }
    if (publishing && publisher.state == LIVE) {
      int burst = 0;
      try {
        while (nextPublishAt <= now && burst++ < 1000 && publisher.state == LIVE) {
          publish(nextPublishAt);
          nextPublishAt += publishIntervalNanos;
        }
      } catch (IOException e) {
        fail(publisher);
      }
    }
    if (timeoutMillis <= 0) {
      selector.selectNow();
    } else {
      selector.select(timeoutMillis);
    }
    for (SelectionKey key : selector.selectedKeys()) {
      StormClient c = (StormClient) key.attachment();
      if (!key.isValid() || key.channel() != c.channel) {
        continue;
      }
      try {
        if (key.isConnectable()) {
          c.channel.finishConnect();
          key.interestOps(SelectionKey.OP_READ);
          sendUpgrade(c);
        }
        if (key.isValid() && key.isReadable()) {
          read(c);
        }
        if (key.isValid() && key.isWritable()) {
          c.flush();
        }
      } catch (IOException e) {
        fail(c);
      }
    }
    selector.selectedKeys().clear();
  }

  private void publish(long stamp) throws IOException {
    int room = nextRoom;
    nextRoom = (nextRoom + 1) % options.rooms();
    published++;
    publisher.send(StormClient.textFrame(("{\"type\":\"publish\",\"ref\":\"p" + room + "\",\"room\":\""
        + roomName(room) + "\",\"data\":{\"t\":" + stamp + ",\"p\":\"").getBytes(StandardCharsets.US_ASCII),
        padding, FrameScan.ascii("\"}}")));
  }

  private void open(StormClient c, long now) throws IOException {
    boolean reconnect = c.session != null;
    if (reconnect) {
      if (c.attempts++ == 0) {
        c.reconnectStart = now;
      }
    }
    SocketChannel ch = SocketChannel.open();
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.channel = ch;
    c.state = CONNECTING;
    inflight++;
    try {
      if (ch.connect(address)) {
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        sendUpgrade(c);
      } else {
        c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
      }
    } catch (IOException e) {
      fail(c);
    }
  }

  private void sendUpgrade(StormClient c) throws IOException {
    c.state = HANDSHAKE;
    String request = "GET " + path + "?user=" + c.user + " HTTP/1.1\r\n"
        + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    c.send(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * A connection failed or was closed by the server. A client that has not recovered yet during the
   * storm tries again after a jittered exponential backoff, up to {@code maxAttempts}.
   */
  private void fail(StormClient c) {
    int was = c.state;
    if (was == FAILED || was == DOWN) {
      return;
    }
    if (was == CONNECTING || was == HANDSHAKE) {
      inflight--;
    }
    c.closeQuietly();
    c.leftover = null;
    c.out = null;
    boolean retry = storming && c.kind == StormClient.Kind.CLIENT && c.recoveredAt == 0 && c.session != null;
    if (retry) {
      if (was >= WELCOME) {
        closedByServer++;
      }
      if (c.attempts < options.maxAttempts()) {
        long cap = Math.min(2_000_000_000L, 50_000_000L << Math.min(c.attempts, 10));
        c.reconnectAt = System.nanoTime() + (long) (random.nextDouble() * cap);
        c.state = DOWN;
        retries++;
        scheduled.add(c);
      } else {
        c.state = FAILED;
        permanentFailures++;
      }
      return;
    }
    if (was == CONNECTING || was == HANDSHAKE || was == WELCOME) {
      initialFailures++;
    } else if (was == JOINING) {
      joinFailures++;
    } else {
      closedByServer++;
    }
    c.state = FAILED;
  }

  private void read(StormClient c) throws IOException {
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
    if (c.state == HANDSHAKE && !readHandshake(c)) {
      return;
    }
    readFrames(c);
    if (readBuf.hasRemaining() && c.state != FAILED && c.state != DOWN) {
      c.leftover = ByteBuffer.allocate(readBuf.remaining()).put(readBuf).flip();
    }
  }

  private boolean readHandshake(StormClient c) {
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
    if (!FrameScan.isType(readBuf, readBuf.position(), readBuf.limit(), HTTP_101)) {
      fail(c);
      readBuf.position(readBuf.limit());
      return false;
    }
    readBuf.position(end);
    c.state = WELCOME;
    inflight--;
    if (c.attempts > 0) {
      reconnectHandshakes++;
      lastHandshakeAt = System.nanoTime();
    }
    return true;
  }

  private void readFrames(StormClient c) throws IOException {
    while (readBuf.remaining() >= 2 && c.state != FAILED && c.state != DOWN) {
      int start = readBuf.position();
      int b0 = readBuf.get(start) & 0xFF;
      int header = ClientFrames.headerLength(readBuf);
      if (header == 0) {
        return;
      }
      long len = ClientFrames.payloadLength(readBuf, header);
      if (len > readBuf.capacity() / 2) {
        throw new IOException("frame too large for the storm tool: " + len);
      }
      if (readBuf.remaining() < header + len) {
        return;
      }
      int from = start + header;
      int to = (int) (from + len);
      readBuf.position(to);
      onFrame(c, b0 & 0x0F, from, to);
    }
  }

  private void onFrame(StormClient c, int opcode, int from, int to) throws IOException {
    if (opcode == ClientFrames.PING) {
      byte[] payload = new byte[to - from];
      readBuf.get(from, payload);
      ByteBuffer pong = ByteBuffer.allocate(ClientFrames.frameSize(payload.length));
      ClientFrames.write(pong, ClientFrames.PONG, payload);
      c.send(pong.flip());
      return;
    }
    if (opcode == ClientFrames.CLOSE) {
      fail(c);
      return;
    }
    if (opcode != ClientFrames.TEXT) {
      return;
    }
    if (FrameScan.isType(readBuf, from, to, MESSAGE)) {
      onMessage(c, from, to);
    } else if (FrameScan.isType(readBuf, from, to, REPLY)) {
      onReply(c, from, to);
    } else if (FrameScan.isType(readBuf, from, to, RECOVERED)) {
      onRecovered(c, from, to);
    } else if (FrameScan.isType(readBuf, from, to, WELCOME_T)) {
      onWelcome(c, from, to);
    }
  }

  private void onWelcome(StormClient c, int from, int to) throws IOException {
    if (c.state != WELCOME) {
      return;
    }
    if (c.session != null) {
      // A reconnect: resume with the first connection's token and what this client has seen.
      c.state = RESUMING;
      c.resumeSentAt = System.nanoTime();
      c.resuming();
      c.send(json("{\"type\":\"resume\",\"ref\":\"r\",\"session\":\"" + c.session
          + "\",\"rooms\":[{\"room\":\"" + roomName(c.room) + "\",\"offset\":" + c.offset
          + ",\"epoch\":\"" + c.epoch + "\"}]}"));
      return;
    }
    c.session = FrameScan.stringAfter(readBuf, from, to, SESSION);
    c.state = JOINING;
    if (c.kind == StormClient.Kind.PUBLISHER) {
      c.session = null; // the publisher never resumes
      c.joinsPending = options.rooms();
      for (int r = 0; r < options.rooms(); r++) {
        c.send(json(join(r)));
      }
    } else {
      c.send(json(join(c.room)));
    }
  }

  private void onReply(StormClient c, int from, int to) {
    boolean ok = FrameScan.indexOf(readBuf, from, to, OK_TRUE) >= 0;
    String ref = FrameScan.stringAfter(readBuf, from, to, REF);
    if (ref == null) {
      return;
    }
    if (ref.startsWith("p")) {
      if (!ok) {
        publishErrors++;
        return;
      }
      publishReplies++;
      int room = Integer.parseInt(ref.substring(1));
      long offset = FrameScan.longAfter(readBuf, from, to, OFFSET);
      lastOffset[room] = Math.max(lastOffset[room], offset);
    } else if (ref.equals("j") && c.state == JOINING) {
      if (!ok) {
        fail(c);
        return;
      }
      if (c.kind == StormClient.Kind.PUBLISHER) {
        if (--c.joinsPending == 0) {
          c.state = LIVE;
          ready++;
        }
        return;
      }
      int stream = FrameScan.indexOf(readBuf, from, to, STREAM);
      c.epoch = FrameScan.stringAfter(readBuf, stream, to, EPOCH);
      c.offset = Math.max(c.offset, FrameScan.longAfter(readBuf, stream, to, OFFSET));
      c.state = LIVE;
      ready++;
    } else if (ref.equals("r") && !ok) {
      resumeErrors++;
      fail(c);
    }
  }

  private void onRecovered(StormClient c, int from, int to) {
    if (c.state != RESUMING) {
      return;
    }
    long now = System.nanoTime();
    c.recoveredAt = now;
    lastRecoveredAt = now;
    c.state = LIVE;
    if (FrameScan.indexOf(readBuf, from, to, RECOVERED_TRUE) >= 0) {
      c.recovered = true;
      c.missed = FrameScan.longAfter(readBuf, from, to, MISSED);
      recoveredTrue++;
    } else {
      recoveredFalse++;
      String epoch = FrameScan.stringAfter(readBuf, from, to, EPOCH);
      if (epoch != null) {
        c.epoch = epoch;
      }
      c.notRecovered(FrameScan.longAfter(readBuf, from, to, OFFSET));
    }
  }

  private void onMessage(StormClient c, int from, int to) {
    if (c.kind == StormClient.Kind.PUBLISHER) {
      return;
    }
    c.see(FrameScan.longAfter(readBuf, from, to, OFFSET));
    if (c.state == RESUMING) {
      c.recoveryMessages++;
    }
    if (c.kind == StormClient.Kind.STEADY && latencyPhase > 0) {
      long sent = ClientFrames.timestamp(readBuf, from, to);
      if (sent > 0) {
        long micros = Math.max(0, Math.min((System.nanoTime() - sent) / 1000, 59_999_999L));
        (latencyPhase == 1 ? baselineLatencyMicros : stormLatencyMicros).recordValue(micros);
      }
    }
  }

  private String join(int room) {
    return "{\"type\":\"join\",\"ref\":\"j\",\"room\":\"" + roomName(room) + "\"}";
  }

  private static ByteBuffer json(String text) {
    return StormClient.textFrame(FrameScan.ascii(text));
  }

  /**
   * Ends the run as clients that leave do: a close frame (1000) on every live connection before its
   * socket closes, so the server does not keep the run's users for their presence grace (into a
   * next run on the same server).
   */
  @Override
  public void close() throws IOException {
    byte[] normal = {0x03, (byte) 0xE8};
    for (StormClient c : conns) {
      if (c.state == LIVE) {
        ByteBuffer frame = ByteBuffer.allocate(ClientFrames.frameSize(normal.length));
        ClientFrames.write(frame, ClientFrames.CLOSE, normal);
        try {
          c.send(frame.flip());
        } catch (IOException e) {
          // closing anyway
        }
      }
      c.closeQuietly();
    }
    selector.close();
  }
}
