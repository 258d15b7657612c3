package dev.wsm.core.internal;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubListener;
import dev.wsm.core.HubOptions;
import dev.wsm.core.WsException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run application code and CPU-heavy work, so that transport threads never do.
 * Listener events run one at a time, in order, on one thread; work (request handlers, password
 * hashing) runs on a pool. Both queues are bounded: a full events queue drops the event (counted and
 * logged); a full work queue fails the task with {@link ErrorCode#UNAVAILABLE}.
 */
@Singleton
public final class Callbacks {
  private static final Logger log = LoggerFactory.getLogger(Callbacks.class);
  private final List<HubListener> listeners = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor events;
  private final ThreadPoolExecutor work;
  private final AtomicLong droppedEvents = new AtomicLong();

  @Inject
  public Callbacks(HubOptions options) {
    events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(options.callbackQueue()), named("wsm-events"));
    work = new ThreadPoolExecutor(options.callbackThreads(), options.callbackThreads(), 0,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(options.callbackQueue()), named("wsm-work"));
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public void addListener(HubListener listener) {
    listeners.add(listener);
  }

  /** Whether any listener is registered: callers skip building events nobody receives. */
  public boolean listening() {
    return !listeners.isEmpty();
  }

  /** Queues an event for every listener; never blocks. */
  public void emit(Consumer<HubListener> event) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      events.execute(() -> {
        for (HubListener listener : listeners) {
          try {
            event.accept(listener);
          } catch (RuntimeException e) {
            log.warn("A HubListener threw; the event was skipped for it", e);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      long dropped = droppedEvents.incrementAndGet();
      if (Long.bitCount(dropped) == 1) {
        log.warn("Listener events are arriving faster than listeners handle them; {} dropped so far",
            dropped);
      }
    }
  }

  /** Runs work on the pool; fails with {@link ErrorCode#UNAVAILABLE} when the pool is saturated. */
  public <T> CompletableFuture<T> supply(Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, work);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new WsException(ErrorCode.UNAVAILABLE, "server is busy, try again later"));
    }
  }

  public long droppedEvents() {
    return droppedEvents.get();
  }

  /** Lets queued work finish for up to {@code grace}, then stops the threads. */
  public void shutdown(Duration grace) {
    events.shutdown();
    work.shutdown();
    try {
      long deadline = System.nanoTime() + grace.toNanos();
      events.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      work.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
    work.shutdownNow();
  }
}
