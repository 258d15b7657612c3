package dev.wsm.transport.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;

/**
 * Upgrades waiting on one event loop, run at most {@link #PER_ITERATION} after each iteration of
 * the loop, once its I/O and tasks are done. A burst of handshakes (a reconnect storm) so never
 * holds up the established connections on the loop for longer than a few upgrades: their reads and
 * writes of each iteration go first, and the rest of the burst waits for the next iterations.
 *
 * <p>Threading: one queue per event-loop thread, used on that thread only.
 */
final class HandshakeQueue {
  /** Upgrades run per iteration of the event loop. */
  static final int PER_ITERATION = 8;

  private static final FastThreadLocal<HandshakeQueue> OF_LOOP = new FastThreadLocal<>();

  private final SingleThreadEventLoop loop;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private final Runnable drain = this::drain;
  private boolean scheduled;

  private HandshakeQueue(SingleThreadEventLoop loop) {
    this.loop = loop;
  }

  /**
   * Runs {@code upgrade} after this iteration of {@code loop} (the caller's own loop) or a later
   * one, in the order submitted; on an event loop that cannot defer work, runs it now.
   */
  static void submit(EventLoop loop, Runnable upgrade) {
    if (!(loop instanceof SingleThreadEventLoop single) || !loop.inEventLoop()) {
      upgrade.run();
      return;
    }
    HandshakeQueue queue = OF_LOOP.get();
    if (queue == null || queue.loop != single) {
      queue = new HandshakeQueue(single);
      OF_LOOP.set(queue);
    }
    queue.add(upgrade);
  }

  private void add(Runnable upgrade) {
    waiting.add(upgrade);
    if (!scheduled) {
      scheduled = true;
      loop.executeAfterEventLoopIteration(drain);
    }
  }

  private void drain() {
    scheduled = false;
    for (int i = 0; i < PER_ITERATION && !waiting.isEmpty(); i++) {
      waiting.poll().run();
    }
    if (!waiting.isEmpty()) {
      scheduled = true;
      loop.executeAfterEventLoopIteration(drain);
    }
  }
}
