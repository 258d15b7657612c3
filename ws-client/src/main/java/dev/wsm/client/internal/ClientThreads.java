package dev.wsm.client.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The three threads of one client: the event thread ({@link EventQueue}, runs handlers), the reply
 * thread (completes request futures) and the timer (request timeouts, reconnect delays, welcome
 * and heartbeat checks). All daemon threads, started on first use. Thread-safe; after {@link
 * #shutdown()} nothing new is scheduled or completed on them.
 */
public final class ClientThreads {
  private final EventQueue events;
  private final ThreadPoolExecutor replies;
  private final ScheduledThreadPoolExecutor timer;

  public ClientThreads(int id, int eventQueueCapacity, Consumer<Throwable> errorHandler) {
    this.events = new EventQueue("wsm-client-" + id + "-events", eventQueueCapacity,
        errorHandler);
    this.replies = EventQueue.singleThread("wsm-client-" + id + "-replies");
    this.timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "wsm-client-" + id + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    this.timer.setRemoveOnCancelPolicy(true);
    this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  EventQueue events() {
    return events;
  }

  /** Runs a task on the timer after a delay; null once the client is closed. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null; // the client is closed; nothing is scheduled any more
    }
  }

  /** Runs a task on the timer every {@code periodMillis}, first after one period. */
  ScheduledFuture<?> every(Runnable task, long periodMillis) {
    return timer.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  static void cancel(ScheduledFuture<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** Runs a task on the reply thread, or here once the client is closed. */
  void onReplyThread(Runnable task) {
    try {
      replies.execute(task);
    } catch (RejectedExecutionException closed) {
      task.run(); // the client is closed and its reply thread gone: complete here
    }
  }

  /** Stops the timer; the event and reply threads end once they ran what is queued. */
  void shutdown() {
    timer.shutdown();
    events.shutdown();
    replies.shutdown();
  }
}
