package dev.wsm.core.internal;

import dev.wsm.core.BackpressureOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-pressure on clients whose requests wait on a store. Counts each connection's and the node's
 * requests whose stage is not complete yet (a stage complete when handed over costs nothing and is
 * not counted), and suspends a connection's reads ({@link
 * dev.wsm.core.spi.TransportSession#suspendReads}) when it has {@link
 * BackpressureOptions#maxPendingPerConnection()} waiting, or when it sends a request while the node
 * is saturated: from the moment {@link BackpressureOptions#maxPendingPerNode()} wait until half of
 * them have completed. A suspended connection is resumed once it is down to half its limit and the
 * node is not saturated; those the node holds wait in a queue, each at most once, and are resumed
 * when its saturation ends.
 *
 * <p>Threading: {@link #track} is called on the connection's transport thread; stages complete on
 * any thread. Never blocks: a connection's monitor is held only while its reads are suspended or
 * resumed (non-blocking transport calls), so that the transport sees those calls in the order they
 * were decided.
 */
@Singleton
public final class RequestBackpressure {
  private static final Logger log = LoggerFactory.getLogger(RequestBackpressure.class);
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final int perConnection;
  private final int perNode;
  private final int resumeConnectionAt;
  private final int resumeNodeAt;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean saturated = new AtomicBoolean();
  /** Connections whose reads are suspended, for {@link #sweep}; one entry per connection. */
  private final java.util.Set<LiveConnection> suspended = ConcurrentHashMap.newKeySet();
  /** Suspended connections to settle when the node's saturation ends; one entry per connection. */
  private final ConcurrentLinkedQueue<LiveConnection> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

  @Inject
  public RequestBackpressure(BackpressureOptions options) {
    this.perConnection = options.maxPendingPerConnection();
    this.perNode = options.maxPendingPerNode();
    this.resumeConnectionAt = perConnection / 2;
    this.resumeNodeAt = perNode / 2;
  }

  /**
   * Counts {@code stage} as a request of {@code c} until it completes, and suspends {@code c}'s
   * reads if that takes it or the node to the limit; returns {@code stage}.
   */
  <T> CompletionStage<T> track(LiveConnection c, CompletionStage<T> stage) {
    if (stage instanceof Future<?> f && f.isDone()) {
      return stage;
    }
    started(c);
    stage.whenComplete((value, error) -> finished(c));
    return stage;
  }

  /** Requests of every connection on this node waiting on a store. */
  int pending() {
    return pending.get();
  }

  /** Whether the node reached its limit and has not yet drained to half of it. */
  boolean saturated() {
    return saturated.get();
  }

  private void started(LiveConnection c) {
    int mine = c.addPendingRequests(1);
    int node = pending.incrementAndGet();
    if (node >= perNode && !saturated.get() && saturated.compareAndSet(false, true)) {
      logSaturated(node);
      if (pending.get() <= resumeNodeAt) { // drained while we set it: no completion will see it
        unsaturate();
      }
    }
    if ((mine >= perConnection || saturated.get()) && !c.readsSuspended()) {
      settle(c);
    }
  }

  private void finished(LiveConnection c) {
    int mine = c.addPendingRequests(-1);
    int node = pending.decrementAndGet();
    if (node <= resumeNodeAt && saturated.get()) {
      unsaturate();
    }
    if (mine <= resumeConnectionAt && c.readsSuspended()) {
      settle(c);
    }
  }

  /**
   * Ends the node's saturation (once, if several see it) and settles the waiting connections, until
   * a new saturation starts.
   */
  private void unsaturate() {
    if (!saturated.compareAndSet(true, false)) {
      return;
    }
    // Stops when a new saturation starts: settling then queues each connection again, and the
    // loop would take them back for ever (a livelock of every completing thread). What is left
    // waits for the end of the new saturation.
    for (LiveConnection c; !saturated.get() && (c = waiting.poll()) != null; ) {
      c.clearWaiting();
      settle(c);
    }
  }

  /**
   * Suspends or resumes {@code c}'s reads as its count and the node's saturation say now, under its
   * monitor. After each change the conditions are read again, so that a completion that ran
   * between the decision and the change is never lost.
   */
  private void settle(LiveConnection c) {
    synchronized (c) {
      while (true) {
        if (!c.readsSuspended()) {
          if (c.pendingRequests() < perConnection && !saturated.get()) {
            return;
          }
          c.readsSuspended(true);
          suspended.add(c);
          c.session().suspendReads();
        }
        if (c.pendingRequests() <= resumeConnectionAt && !saturated.get()) {
          c.readsSuspended(false);
          suspended.remove(c);
          c.restartSilenceClock();
          c.session().resumeReads();
          return;
        }
        if (!saturated.get()) {
          return; // over half its own limit: its next completions settle it
        }
        if (c.markWaiting()) {
          waiting.offer(c);
        }
        if (saturated.get()) {
          return; // the end of the saturation settles it
        }
        // the saturation ended meanwhile, perhaps before c was queued: decide again
      }
    }
  }

  /**
   * Decides again for every suspended connection, and ends a saturation that its completions did
   * not: a safety net (each completion decides for its own connection and the node), run on the
   * hub's scheduler every sweep interval. What it resumes is logged as a warning, since it means a
   * wake-up was missed; closed connections are forgotten.
   */
  void sweep() {
    if (saturated.get() && pending.get() <= resumeNodeAt) {
      log.warn("Back-pressure: the node's saturation outlived its requests; ending it");
      unsaturate();
    }
    for (LiveConnection c : suspended) {
      if (c.isClosed()) {
        suspended.remove(c);
        continue;
      }
      settle(c);
      if (!c.readsSuspended()) {
        log.warn("Back-pressure: {} stayed suspended with {} requests waiting; resumed it",
            c.id(), c.pendingRequests());
      }
    }
  }

  private void logSaturated(int node) {
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
      log.info("{} requests wait on the store (the node's limit is {}): suspending reads of the "
          + "connections that send more until half have completed (logged at most every 10 s)",
          node, perNode);
    }
  }
}
