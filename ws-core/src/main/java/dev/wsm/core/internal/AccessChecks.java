package dev.wsm.core.internal;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.Authorizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation once the {@link Authorizer} allows it. A non-blocking authorizer is asked
 * inline; a blocking one on the work pool, one check per connection at a time, each operation
 * started before the connection's next check begins, so operations keep their order. At most
 * {@value #MAX_WAITING} operations of a connection wait for a blocking authorizer; more fail with
 * {@link ErrorCode#UNAVAILABLE}.
 */
@Singleton
public final class AccessChecks {
  private static final Logger log = LoggerFactory.getLogger(AccessChecks.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  static final int MAX_WAITING = 256;

  private final Authorizer authorizer;
  private final Callbacks callbacks;
  /** Per connection, completes when its last queued check has decided and started its operation. */
  private final ConcurrentHashMap<ConnectionId, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ConnectionId, AtomicInteger> waiting = new ConcurrentHashMap<>();

  @Inject
  public AccessChecks(Authorizer authorizer, Callbacks callbacks) {
    this.authorizer = authorizer;
    this.callbacks = callbacks;
  }

  /** {@code operation}'s stage if {@code access} is allowed, else a stage failed with the refusal. */
  public <T> CompletionStage<T> then(Access access, Supplier<CompletionStage<T>> operation) {
    if (!authorizer.mayBlock()) {
      WsException refusal = decide(access);
      return refusal == null ? start(operation) : CompletableFuture.failedFuture(refusal);
    }
    AtomicInteger queued = waiting.computeIfAbsent(access.connection().id(), id -> new AtomicInteger());
    if (queued.incrementAndGet() > MAX_WAITING) {
      queued.decrementAndGet();
      return CompletableFuture.failedFuture(new WsException(ErrorCode.UNAVAILABLE,
          "too many requests waiting for authorization, try again later"));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    // Swap the tail first, chain after: the chained code may run at once, and may check again.
    CompletableFuture<Void> previous = tails.put(access.connection().id(), started);
    (previous == null ? DONE : previous).whenComplete((ignored, error) ->
        callbacks.supply(() -> decide(access)).whenComplete((refusal, poolError) -> {
          try {
            if (poolError != null) {
              result.completeExceptionally(poolError);
            } else if (refusal != null) {
              result.completeExceptionally(refusal);
            } else {
              start(operation).whenComplete((value, failure) -> {
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(value);
                }
              });
            }
          } finally {
            queued.decrementAndGet();
            started.complete(null);
          }
        }));
    return result;
  }

  /** Forgets a closed connection. */
  public void forget(ConnectionId connection) {
    tails.remove(connection);
    waiting.remove(connection);
  }

  private static <T> CompletionStage<T> start(Supplier<CompletionStage<T>> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Null when allowed, else the refusal to answer with. */
  private WsException decide(Access access) {
    Authorizer.Decision decision;
    try {
      decision = authorizer.authorize(access);
    } catch (RuntimeException e) {
      log.error("The Authorizer threw on {}; refusing", access.getClass().getSimpleName(), e);
      return new WsException(ErrorCode.INTERNAL, "internal error");
    }
    if (decision == null) {
      log.error("The Authorizer returned null on {}; refusing", access.getClass().getSimpleName());
      return new WsException(ErrorCode.INTERNAL, "internal error");
    }
    return decision.allowed() ? null : new WsException(decision.code(), decision.reason());
  }
}
