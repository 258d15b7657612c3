package dev.wsm.core.internal;

import dev.wsm.core.Connection;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.SendResult;
import dev.wsm.core.spi.TransportSession;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A connection as the core tracks it. Thread-safe; every mutator is non-blocking. */
public final class LiveConnection implements Connection {
  private final ConnectionId id;
  private final Principal principal;
  private final TransportSession session;
  private final Instant connectedAt;
  private final Clock clock;
  private final Set<RoomId> rooms = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private volatile long lastSeenMillis;
  private volatile long lastSeenNanos;
  private volatile long latencyNanos = -1;
  private volatile PresenceStatus status = PresenceStatus.ONLINE;
  private volatile boolean closed;

  public LiveConnection(ConnectionId id, Principal principal, TransportSession session, Clock clock) {
    this.id = id;
    this.principal = principal;
    this.session = session;
    this.clock = clock;
    this.connectedAt = clock.instant();
    this.lastSeenMillis = connectedAt.toEpochMilli();
    this.lastSeenNanos = System.nanoTime();
  }

  @Override
  public ConnectionId id() {
    return id;
  }

  @Override
  public UserId user() {
    return principal.user();
  }

  @Override
  public Set<String> roles() {
    return principal.roles();
  }

  @Override
  public Set<String> labels() {
    return principal.labels();
  }

  @Override
  public Map<String, String> metadata() {
    return principal.metadata();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return session.remoteAddress();
  }

  @Override
  public Instant connectedAt() {
    return connectedAt;
  }

  @Override
  public Instant lastSeen() {
    return Instant.ofEpochMilli(lastSeenMillis);
  }

  @Override
  public Optional<Duration> latency() {
    long nanos = latencyNanos;
    return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  @Override
  public long messagesSent() {
    return sent.get();
  }

  @Override
  public long messagesReceived() {
    return received.get();
  }

  @Override
  public Set<RoomId> rooms() {
    return Set.copyOf(rooms);
  }

  @Override
  public boolean isOpen() {
    return !closed && session.isOpen();
  }

  @Override
  public void close(int code, String reason) {
    session.close(code, reason);
  }

  /** Queues a frame and counts it; never blocks. */
  public SendResult send(OutboundFrame frame) {
    SendResult result = session.send(frame);
    if (result == SendResult.SENT) {
      sent.incrementAndGet();
    }
    return result;
  }

  /** The live room set (mutable, concurrent); for the room registry only. */
  Set<RoomId> roomSet() {
    return rooms;
  }

  /** A frame arrived from the client. */
  void received() {
    received.incrementAndGet();
    touch();
  }

  void touch() {
    lastSeenNanos = System.nanoTime();
    lastSeenMillis = clock.millis();
  }

  long lastSeenNanos() {
    return lastSeenNanos;
  }

  /** Sends a ping that carries its send time, so its pong gives the exact round trip. */
  void ping() {
    session.ping(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array());
  }

  /**
   * A pong arrived: records the round trip of the ping it answers and returns it, or null for a
   * pong that does not echo one of our pings.
   */
  Duration pong(java.nio.ByteBuffer payload) {
    touch();
    if (payload.remaining() != Long.BYTES) {
      return null;
    }
    long rtt = System.nanoTime() - payload.duplicate().getLong();
    if (rtt < 0) {
      return null;
    }
    latencyNanos = rtt;
    return Duration.ofNanos(rtt);
  }

  PresenceStatus status() {
    return status;
  }

  void status(PresenceStatus status) {
    this.status = status;
  }

  void markClosed() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  TransportSession session() {
    return session;
  }

  @Override
  public String toString() {
    return "Connection[" + id + ", user=" + user() + "]";
  }
}
