package dev.wsm.client.internal;

import dev.wsm.client.WsmClient;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The client's event thread: runs handlers one at a time, in the order they were offered. Events
 * count against the capacity; control tasks (state changes, errors) do not, because there are
 * few of them and they must not be lost. A handler that throws is reported to the error handler;
 * an error handler that throws is logged.
 */
final class EventQueue {
  private static final System.Logger LOG = System.getLogger(WsmClient.class.getName());

  private final ThreadPoolExecutor executor;
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  private final Consumer<Throwable> errorHandler;

  EventQueue(String threadName, int capacity, Consumer<Throwable> errorHandler) {
    this.capacity = capacity;
    this.errorHandler = errorHandler;
    this.executor = singleThread(threadName);
  }

  static ThreadPoolExecutor singleThread(String name) {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Queues an event; false when the queue is full (the event is not queued). */
  boolean offer(Runnable event) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      return false;
    }
    try {
      executor.execute(() -> {
        queued.decrementAndGet();
        run(event);
      });
    } catch (RejectedExecutionException closed) {
      queued.decrementAndGet(); // the client is closed: events are no longer delivered
    }
    return true;
  }

  /** Queues a state change or error report, whatever the queue's length. */
  void control(Runnable task) {
    try {
      executor.execute(() -> run(task));
    } catch (RejectedExecutionException closed) {
      // closed: nothing is delivered after the CLOSED state change
    }
  }

  /** Reports an error to the error handler, on the event thread. */
  void error(Throwable error) {
    control(() -> {
      try {
        errorHandler.accept(error);
      } catch (Throwable errorHandlerFailure) {
        errorHandlerFailure.addSuppressed(error);
        LOG.log(System.Logger.Level.WARNING, "wsm client error handler threw", errorHandlerFailure);
      }
    });
  }

  int queued() {
    return queued.get();
  }

  int capacity() {
    return capacity;
  }

  /** Delivers what is queued, then lets the thread end. */
  void shutdown() {
    executor.shutdown();
  }

  private void run(Runnable task) {
    try {
      task.run();
    } catch (Throwable handlerFailure) {
      try {
        errorHandler.accept(handlerFailure);
      } catch (Throwable errorHandlerFailure) {
        errorHandlerFailure.addSuppressed(handlerFailure);
        LOG.log(System.Logger.Level.WARNING, "wsm client error handler threw", errorHandlerFailure);
      }
    }
  }
}
