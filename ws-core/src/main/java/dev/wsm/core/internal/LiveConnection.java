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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A connection as the core tracks it. Thread-safe; every mutator is non-blocking. */
public final class LiveConnection implements Connection {
  private static final VarHandle SENT;
  private static final VarHandle RECEIVED;
  private static final VarHandle REQUESTS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SENT = lookup.findVarHandle(LiveConnection.class, "sent", long.class);
      RECEIVED = lookup.findVarHandle(LiveConnection.class, "received", long.class);
      REQUESTS = lookup.findVarHandle(LiveConnection.class, "requests", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConnectionId id;
  private final Principal principal;
  private final TransportSession session;
  private final Instant connectedAt;
  private final Clock clock;
  /** The rooms joined; made at the first join (many connections join none), never unset. */
  private volatile Set<RoomId> rooms;
  /**
   * Rooms whose join is in flight, reserved against the room limit; null while none is. Guarded by
   * this.
   */
  private Set<RoomId> joining;
  /** Frames sent and received: updated through {@link #SENT} and {@link #RECEIVED}. */
  private volatile long sent;
  private volatile long received;
  private volatile long lastSeenMillis;
  private volatile long lastSeenNanos;
  private volatile long latencyNanos = -1;
  private volatile PresenceStatus status = PresenceStatus.ONLINE;
  private volatile boolean closed;
  /** Rooms being recovered (see {@link #startRecovery}); null while none is. */
  private volatile ConcurrentHashMap<RoomId, RecoveryBuffer> recovering;
  /** State frames waiting for the queue to drain; made on first use. */
  private volatile PendingStates pendingStates;
  /**
   * For {@link RequestBackpressure}: the requests waiting on a store (the low bits, {@link
   * #PENDING_MASK}) and the flags {@link #SUSPENDED} and {@link #WAITING}, in one int so that the
   * back-pressure costs an idle connection no object of its own.
   */
  @SuppressWarnings("unused") // through REQUESTS
  private volatile int requests;

  private static final int PENDING_MASK = (1 << 29) - 1;
  /** Its reads are suspended by {@link RequestBackpressure}. */
  private static final int SUSPENDED = 1 << 30;
  /** It is in {@link RequestBackpressure}'s queue of connections waiting for the node to drain. */
  private static final int WAITING = 1 << 29;

  /**
   * Room frames held back while a room is recovered, so that the missed messages go first. Guarded
   * by the router's lock of that room.
   */
  static final class RecoveryBuffer {
    /** A room frame held back, with the offset of its message. */
    record Held(long offset, OutboundFrame frame) {}

    final java.util.ArrayList<Held> held = new java.util.ArrayList<>();
    boolean overflowed;
    /** Recovery is over; frames up to {@code sentUpTo} are duplicates of what it sent. */
    boolean done;
    long sentUpTo;
  }

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

  /** The device this connection is, from its principal's metadata; empty if none (or invalid). */
  public java.util.Optional<dev.wsm.core.DeviceId> device() {
    try {
      return dev.wsm.core.DeviceId.from(principal);
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
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
    return sent;
  }

  @Override
  public long messagesReceived() {
    return received;
  }

  @Override
  public Set<RoomId> rooms() {
    return Set.copyOf(roomSet());
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
      SENT.getAndAdd(this, 1L);
    }
    return result;
  }

  /**
   * From now on, frames of {@code room} fanned out to this connection are held back (up to {@code
   * limit}) until {@link #endRecovery}; the router does both under the room's lock.
   */
  synchronized void startRecovery(RoomId room) {
    if (recovering == null) {
      recovering = new ConcurrentHashMap<>();
    }
    recovering.put(room, new RecoveryBuffer());
  }

  /**
   * Holds back a room frame while {@code room} is being recovered, or drops it if recovery already
   * sent it (its offset is at or below what recovery sent: its fan-out ran late); returns whether
   * the frame was taken care of here. Called under the room's lock.
   */
  boolean holdIfRecovering(RoomId room, long offset, OutboundFrame frame, int limit) {
    ConcurrentHashMap<RoomId, RecoveryBuffer> map = recovering;
    if (map == null) {
      return false;
    }
    RecoveryBuffer buffer = map.get(room);
    if (buffer == null) {
      return false;
    }
    if (buffer.done) {
      if (offset <= buffer.sentUpTo) {
        return true; // recovery sent it already
      }
      map.remove(room); // fan-out runs in offset order: every later frame is new
      return false;
    }
    if (buffer.held.size() >= limit) {
      buffer.overflowed = true;
    } else {
      buffer.held.add(new RecoveryBuffer.Held(offset, frame));
    }
    return true;
  }

  /** Stops holding back frames of {@code room}; returns what was held, or null if nothing was. */
  RecoveryBuffer endRecovery(RoomId room) {
    ConcurrentHashMap<RoomId, RecoveryBuffer> map = recovering;
    return map == null ? null : map.remove(room);
  }

  /**
   * After a recovery sent everything up to {@code sentUpTo}: frames of {@code room} at or below it
   * whose fan-out runs late are dropped as duplicates. Called under the room's lock.
   */
  void floorRecovery(RoomId room, long sentUpTo) {
    ConcurrentHashMap<RoomId, RecoveryBuffer> map = recovering;
    if (map != null && sentUpTo > 0) {
      RecoveryBuffer floor = new RecoveryBuffer();
      floor.done = true;
      floor.sentUpTo = sentUpTo;
      map.put(room, floor);
    }
  }

  /** This connection's waiting state frames and shed counts. */
  PendingStates pendingStates() {
    PendingStates p = pendingStates;
    if (p == null) {
      synchronized (this) {
        p = pendingStates;
        if (p == null) {
          p = new PendingStates();
          pendingStates = p;
        }
      }
    }
    return p;
  }

  /** Adds {@code delta} to the requests waiting on a store; returns how many wait now. */
  int addPendingRequests(int delta) {
    return ((int) REQUESTS.getAndAdd(this, delta) + delta) & PENDING_MASK;
  }

  /** The requests of this connection waiting on a store. */
  int pendingRequests() {
    return (int) REQUESTS.getVolatile(this) & PENDING_MASK;
  }

  /** Whether {@link RequestBackpressure} has suspended this connection's reads. */
  boolean readsSuspended() {
    return ((int) REQUESTS.getVolatile(this) & SUSPENDED) != 0;
  }

  /** Records whether this connection's reads are suspended; {@link RequestBackpressure} only. */
  void readsSuspended(boolean suspended) {
    if (suspended) {
      REQUESTS.getAndBitwiseOr(this, SUSPENDED);
    } else {
      REQUESTS.getAndBitwiseAnd(this, ~SUSPENDED);
    }
  }

  /** Marks this connection as queued to resume when the node drains; false if it already was. */
  boolean markWaiting() {
    return ((int) REQUESTS.getAndBitwiseOr(this, WAITING) & WAITING) == 0;
  }

  /** Ends {@link #markWaiting}: the connection has left the queue. */
  void clearWaiting() {
    REQUESTS.getAndBitwiseAnd(this, ~WAITING);
  }

  /** How full the outbound queue is, 0 to 1 (see {@link TransportSession#queueFill()}). */
  double queueFill() {
    return session.queueFill();
  }

  /**
   * Reserves a place for {@code room} against the per-connection room limit while its join is in
   * flight: returns 1 if reserved (release it with {@link #releaseRoom}), 0 if none is needed (the
   * connection is in the room or already joining it), -1 if the rooms joined and being joined are
   * at {@code max}.
   */
  synchronized int reserveRoom(RoomId room, int max) {
    Set<RoomId> in = roomSet();
    if (in.contains(room) || joining != null && joining.contains(room)) {
      return 0;
    }
    if (in.size() + (joining == null ? 0 : joining.size()) >= max) {
      return -1;
    }
    if (joining == null) {
      joining = new java.util.HashSet<>();
    }
    joining.add(room);
    return 1;
  }

  /** Ends a reservation of {@link #reserveRoom}, once the join has succeeded or failed. */
  synchronized void releaseRoom(RoomId room) {
    if (joining != null && joining.remove(room) && joining.isEmpty()) {
      joining = null;
    }
  }

  /** The rooms joined: a live, read-only view (concurrent); empty before the first join. */
  Set<RoomId> roomSet() {
    Set<RoomId> set = rooms;
    return set == null ? Set.of() : set;
  }

  /** Records that this connection is in {@code room}; for the room index only. */
  void addRoom(RoomId room) {
    Set<RoomId> set = rooms;
    if (set == null) {
      synchronized (this) {
        set = rooms;
        if (set == null) {
          set = ConcurrentHashMap.newKeySet();
          rooms = set;
        }
      }
    }
    set.add(room);
  }

  /** Records that this connection left {@code room}; for the room index only. */
  void removeRoom(RoomId room) {
    Set<RoomId> set = rooms;
    if (set != null) {
      set.remove(room);
    }
  }

  /** A frame arrived from the client. */
  void received() {
    RECEIVED.getAndAdd(this, 1L);
    touch();
  }

  void touch() {
    lastSeenNanos = System.nanoTime();
    lastSeenMillis = clock.millis();
  }

  long lastSeenNanos() {
    return lastSeenNanos;
  }

  /**
   * Restarts the heartbeat's silence clock without changing {@link #lastSeen()}: reads resume after
   * a suspension, during which nothing the client sent could be heard.
   */
  void restartSilenceClock() {
    lastSeenNanos = System.nanoTime();
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
