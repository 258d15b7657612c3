package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.store.redis.RedisStoreException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus on Redis pub/sub: every node publishes to, and subscribes to, one channel, {@code
 * <keyPrefix>bus}, and applies each message's target to its own connections.
 *
 * <p><b>Why plain, one channel.</b> Targets are resolved where the connections are, and any node
 * may hold a recipient of any target (a user's devices, everyone, a label), so every node needs
 * every message: one channel means one subscription per node, no subscribe churn on joins and
 * leaves, and one ordered stream per publisher. Sharded pub/sub ({@code SPUBLISH}, Redis 7) spreads
 * channels over the shards of a Redis Cluster; with one channel there is nothing to spread, and it
 * would shut out Redis 6 and single servers behind proxies.
 *
 * <p><b>Publishing</b> never blocks: the message is encoded once (see {@link BusWire}) and handed
 * to Lettuce's asynchronous API on a connection of the bus's own. At most {@code publishBuffer}
 * publishes, and at most 64 MiB of them, may be unanswered at once (they pile up while Redis is
 * unreachable, and fail after the command timeout); beyond that {@link #publish} drops the
 * message, counts it and returns false.
 * {@link ClusterMessage}s with a {@code Matching} target cannot be encoded and are refused by
 * {@link ClusterMessage} itself: predicates apply on the publishing node only.
 *
 * <p><b>Receiving</b> happens on the bus's own thread ({@code wsm-redis-bus}), fed by a bounded
 * queue from Lettuce's I/O thread ({@code inboundBuffer} messages and 64 MiB at most; beyond that
 * it drops and counts). A node ignores what it sent
 * itself. A malformed message is logged (the first one with its reason, then counted) and dropped.
 * Lettuce reconnects and resubscribes on its own after Redis comes back; each resubscription is
 * counted.
 *
 * <p><b>Losses</b>: pub/sub is at most once. Each bus numbers its publishes (drops included); a
 * receiver counts each number it never saw as a gap ({@link Stats#gaps()}) and drops numbers it has
 * seen already (a command Lettuce resent after a reconnect), so nothing is delivered twice. After a
 * resubscription, and after a gap (at most once a second), the bus hands its node a {@link
 * ClusterCommand.Resync}: with a shared message store the node then recovers the room messages it
 * missed. Other frames (events, broadcasts, direct messages) that were lost stay lost.
 *
 * <p><b>Dead nodes</b>: when this node's {@link NodeLease} removes what a dead node held, the bus
 * hands its node a {@link ClusterCommand.NodeLost} on the bus thread, so that the node announces
 * the dead node's users and room departures to the cluster (one node does, the one that reaped).
 */
@Singleton
public final class RedisClusterBus implements ClusterBus {
  private static final Logger log = LoggerFactory.getLogger(RedisClusterBus.class);
  /** Senders remembered for gap detection; the oldest is forgotten beyond this. */
  private static final int MAX_SENDERS = 1024;
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Bytes of unanswered publishes, and of received messages not yet handled, at most. */
  static final long MAX_BUFFERED_BYTES = 64L << 20;

  /** Counters since start; snapshots. */
  public record Stats(long published, long dropped, long failed, long received, long ignoredOwn,
      long malformed, long inboundDropped, long gaps, long duplicates, long resubscribes) {}

  private final RedisConnector connector;
  private final int publishBuffer;
  private final int inboundBuffer;
  private final String id = dev.wsm.core.MessageId.random().value();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final AtomicLong inboundBytes = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong ignoredOwn = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong inboundDropped = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong subscriptions = new AtomicLong();
  private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
  /** Last sequence number seen per sender; touched by the bus thread only. */
  private final Map<String, Long> lastSeq = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_SENDERS;
    }
  };
  /** Put on the inbound queue when the subscription was renewed after a reconnect. */
  private static final byte[] RESUBSCRIBED = new byte[0];
  /** Put on the inbound queue when {@link #local} holds commands for this node. */
  private static final byte[] LOCAL = new byte[0];
  private final java.util.Queue<ClusterCommand> local =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Consumer<ClusterCommand.NodeLost> onNodeLost = this::handToNode;
  private final NodeLease lease;
  /** The bus thread asks its node to resync at most this often after gaps. */
  private static final long RESYNC_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private long lastResync = System.nanoTime() - RESYNC_EVERY_NANOS;
  private final Object publishLock = new Object();
  private long seq;
  private byte[] channel;
  private volatile State state;

  /** What a started bus holds; replaced as a whole so that stop is idempotent. */
  private record State(StatefulRedisConnection<byte[], byte[]> pub,
      StatefulRedisPubSubConnection<byte[], byte[]> sub, Thread thread,
      BlockingQueue<byte[]> queue) {}

  /** A bus whose publish and inbound buffers hold {@code requestQueueSize} messages each. */
  @Inject
  public RedisClusterBus(RedisConnector connector, NodeLease lease) {
    this(connector, connector.options().requestQueueSize(), connector.options().requestQueueSize(),
        lease);
  }

  /** A bus that hands its node no {@link ClusterCommand.NodeLost} (no lease). */
  public RedisClusterBus(RedisConnector connector) {
    this(connector, null);
  }

  /** A bus that hands its node no {@link ClusterCommand.NodeLost} (no lease). */
  public RedisClusterBus(RedisConnector connector, int publishBuffer, int inboundBuffer) {
    this(connector, publishBuffer, inboundBuffer, null);
  }

  private RedisClusterBus(RedisConnector connector, int publishBuffer, int inboundBuffer,
      NodeLease lease) {
    if (publishBuffer < 1 || inboundBuffer < 1) {
      throw new IllegalArgumentException("bus buffers must hold at least 1 message");
    }
    this.connector = connector;
    this.publishBuffer = publishBuffer;
    this.inboundBuffer = inboundBuffer;
    this.lease = lease;
  }

  @Override
  public void start(Consumer<ClusterMessage> inbound) {
    start(inbound, command -> {});
  }

  /**
   * Opens the bus's two connections and subscribes, waiting for Redis to confirm (at most the
   * command timeout); fails with {@link RedisStoreException} if it cannot. Requires a started
   * {@link RedisConnector}. Starting a started bus does nothing.
   */
  @Override
  public synchronized void start(Consumer<ClusterMessage> inbound,
      Consumer<ClusterCommand> commands) {
    if (state != null) {
      return;
    }
    channel = (connector.options().keyPrefix() + "bus").getBytes(StandardCharsets.UTF_8);
    BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(inboundBuffer);
    StatefulRedisConnection<byte[], byte[]> pub = null;
    StatefulRedisPubSubConnection<byte[], byte[]> sub = null;
    try {
      pub = connector.client().connect(ByteArrayCodec.INSTANCE);
      sub = connector.client().connectPubSub(ByteArrayCodec.INSTANCE);
      sub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] from, byte[] message) {
          if (inboundBytes.addAndGet(message.length) > MAX_BUFFERED_BYTES
              || !queue.offer(message)) {
            inboundBytes.addAndGet(-message.length);
            inboundDropped.incrementAndGet();
          }
        }

        @Override
        public void subscribed(byte[] from, long count) {
          if (subscriptions.incrementAndGet() > 1) {
            log.warn("Resubscribed to the cluster bus after a reconnect; room messages other nodes"
                + " published meanwhile are recovered from a shared store, other frames are lost");
            if (!queue.offer(RESUBSCRIBED)) {
              inboundDropped.incrementAndGet();
            }
          }
        }
      });
      sub.sync().subscribe(channel);
    } catch (RedisException e) {
      if (sub != null) {
        sub.close();
      }
      if (pub != null) {
        pub.close();
      }
      throw new RedisStoreException(RedisStoreException.Reason.CANNOT_CONNECT,
          "cannot subscribe to the cluster bus: " + e.getMessage(), e);
    }
    Thread thread = new Thread(() -> receive(queue, inbound, commands), "wsm-redis-bus");
    thread.setDaemon(true);
    state = new State(pub, sub, thread, queue);
    thread.start();
    if (lease != null) {
      lease.onNodeLost(onNodeLost);
    }
  }

  /** Queues a command for this node's bus thread; never blocks. */
  private void handToNode(ClusterCommand command) {
    State s = state;
    if (s == null) {
      return;
    }
    local.add(command);
    if (!s.queue().offer(LOCAL)) {
      // Handed over with the next marker that fits.
      inboundDropped.incrementAndGet();
    }
  }

  @Override
  public boolean publish(ClusterMessage message) {
    byte[] wire;
    try {
      wire = BusWire.encode(id, message);
    } catch (RuntimeException e) {
      log.warn("Cannot put a message on the cluster bus: {}", e.getMessage());
      dropped.incrementAndGet();
      return false;
    }
    return send(wire);
  }

  @Override
  public boolean publish(ClusterCommand command) {
    byte[] wire;
    try {
      wire = BusWire.encode(id, command);
    } catch (RuntimeException e) {
      log.warn("Cannot put a command on the cluster bus: {}", e.getMessage());
      dropped.incrementAndGet();
      return false;
    }
    return send(wire);
  }

  private boolean send(byte[] wire) {
    State s = state;
    if (s == null) {
      dropped.incrementAndGet();
      return false;
    }
    synchronized (publishLock) {
      // Numbered and handed to Lettuce under one lock, so numbers go out in order.
      BusWire.setSeq(wire, ++seq);
      if (inFlight.incrementAndGet() > publishBuffer
          || inFlightBytes.addAndGet(wire.length) > MAX_BUFFERED_BYTES) {
        inFlight.decrementAndGet();
        inFlightBytes.addAndGet(-wire.length);
        dropped.incrementAndGet();
        return false;
      }
      try {
        s.pub().async().publish(channel, wire).whenComplete((receivers, error) -> {
          inFlight.decrementAndGet();
          inFlightBytes.addAndGet(-wire.length);
          if (error != null) {
            failed.incrementAndGet();
            logFailure(error);
          }
        });
      } catch (RuntimeException e) {
        inFlight.decrementAndGet();
        inFlightBytes.addAndGet(-wire.length);
        failed.incrementAndGet();
        logFailure(e);
        return false;
      }
    }
    published.incrementAndGet();
    return true;
  }

  private void receive(BlockingQueue<byte[]> queue, Consumer<ClusterMessage> inbound,
      Consumer<ClusterCommand> commands) {
    while (true) {
      byte[] wire;
      try {
        wire = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      inboundBytes.addAndGet(-wire.length);
      try {
        handle(wire, inbound, commands);
      } catch (RuntimeException e) {
        log.error("A cluster bus consumer failed; the message is dropped", e);
      }
    }
  }

  private void handle(byte[] wire, Consumer<ClusterMessage> inbound,
      Consumer<ClusterCommand> commands) {
    if (wire == LOCAL) {
      for (ClusterCommand c = local.poll(); c != null; c = local.poll()) {
        commands.accept(c);
      }
      return;
    }
    if (wire == RESUBSCRIBED) {
      lastResync = System.nanoTime();
      commands.accept(new ClusterCommand.Resync(id));
      return;
    }
    BusWire.Envelope e;
    try {
      e = BusWire.decode(wire);
    } catch (BusWire.Malformed m) {
      if (malformed.getAndIncrement() == 0) {
        log.warn("Dropped a {}; later ones are only counted", m.getMessage());
      }
      return;
    }
    if (e.sender().equals(id)) {
      ignoredOwn.incrementAndGet();
      return;
    }
    Long last = lastSeq.get(e.sender());
    if (last != null && e.seq() <= last) {
      duplicates.incrementAndGet();
      return;
    }
    if (last != null && e.seq() > last + 1) {
      long missed = e.seq() - last - 1;
      gaps.addAndGet(missed);
      log.warn("Lost {} cluster bus message(s) from {} (numbers {} to {})", missed, e.sender(),
          last + 1, e.seq() - 1);
    }
    lastSeq.put(e.sender(), e.seq());
    received.incrementAndGet();
    if (e.message() != null) {
      inbound.accept(e.message());
    } else {
      commands.accept(e.command());
    }
    if (last != null && e.seq() > last + 1 && System.nanoTime() - lastResync > RESYNC_EVERY_NANOS) {
      // After the message that showed the gap: it may fill the gap of its own room itself.
      lastResync = System.nanoTime();
      commands.accept(new ClusterCommand.Resync(id));
    }
  }

  private void logFailure(Throwable error) {
    long now = System.nanoTime();
    long last = lastFailureLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastFailureLog.compareAndSet(last, now)) {
      log.warn("Cluster bus publishes fail ({} so far): {}", failed.get(), error.toString());
    }
  }

  /** Stops receiving and closes the bus's connections; idempotent. */
  @Override
  public synchronized void stop() {
    State s = state;
    if (s == null) {
      return;
    }
    state = null;
    if (lease != null) {
      lease.removeNodeLostListener(onNodeLost);
    }
    s.thread().interrupt();
    s.sub().close();
    s.pub().close();
    try {
      s.thread().join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This bus's counters since it was made. */
  public Stats stats() {
    return new Stats(published.get(), dropped.get(), failed.get(), received.get(), ignoredOwn.get(),
        malformed.get(), inboundDropped.get(), gaps.get(), duplicates.get(), subscriptions.get() > 0
            ? subscriptions.get() - 1 : 0);
  }
}
