package dev.wsm.core.internal;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.RoomId;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoreException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every frame handler shares: runs a client's operation once it may (a room operation only
 * for a member, then as the {@link AccessChecks Authorizer} decides), and answers the frame's
 * {@code ref} with the outcome: {@code reply} with fields, or {@code error} with the failure's code.
 *
 * <p>Every operation answered here counts against the {@link RequestBackpressure} until its stage
 * completes.
 *
 * <p>Threading: called on transport threads. Never blocks: a blocking Authorizer is asked on the
 * work pool; an answer is sent, only queued, on the thread that completes the operation's stage.
 */
@Singleton
public final class Requests {
  private static final Logger log = LoggerFactory.getLogger(Requests.class);
  private static final long UNAVAILABLE_LOG_INTERVAL_NANOS = 10_000_000_000L;
  private final AccessChecks access;
  private final RequestBackpressure backpressure;
  private final AtomicLong lastUnavailableLog =
      new AtomicLong(System.nanoTime() - UNAVAILABLE_LOG_INTERVAL_NANOS);

  @Inject
  public Requests(AccessChecks access, RequestBackpressure backpressure) {
    this.access = access;
    this.backpressure = backpressure;
  }

  /** {@code operation}'s stage if {@code request} is allowed, else a stage failed with the refusal. */
  <T> CompletionStage<T> allowed(Access request, Supplier<CompletionStage<T>> operation) {
    return access.then(request, operation);
  }

  /**
   * As {@link #allowed}, for an operation on {@code room}, which {@code c} must have joined.
   *
   * @throws WsException {@link ErrorCode#FORBIDDEN} at once if {@code c} is not a member
   */
  <T> CompletionStage<T> asMember(LiveConnection c, RoomId room, Access request,
      Supplier<CompletionStage<T>> operation) {
    requireMember(c, room);
    return allowed(request, operation);
  }

  /** @throws WsException {@link ErrorCode#FORBIDDEN} if {@code c} has not joined {@code room} */
  static void requireMember(LiveConnection c, RoomId room) {
    if (!c.roomSet().contains(room)) {
      throw new WsException(ErrorCode.FORBIDDEN, "join room '" + room + "' first");
    }
  }

  /** Answers {@code ref} when the stage completes: ok with fields, or the failure's code. */
  <T> void reply(LiveConnection c, String ref, CompletionStage<T> stage,
      Function<T, ServerFrames.Fields> fields) {
    answer(c, ref, stage, value -> ServerFrames.ok(ref, fields.apply(value)));
  }

  /**
   * Answers {@code ref} when the stage completes: with the frame {@code ok} makes of the value, or
   * with the failure's code. Nothing is sent for a success without a ref ({@code ok} is not called
   * then). Until the stage completes it counts as one of {@code c}'s requests waiting on a store.
   */
  <T> void answer(LiveConnection c, String ref, CompletionStage<T> stage,
      Function<T, OutboundFrame> ok) {
    backpressure.track(c, stage).whenComplete((value, error) -> {
      if (error != null) {
        fail(c, ref, error);
      } else if (ref != null) {
        OutboundFrame frame;
        try {
          frame = ok.apply(value);
        } catch (RuntimeException e) {
          fail(c, ref, e);
          return;
        }
        c.send(frame);
      }
    });
  }

  /** Answers {@code ref} with the failure's code; an internal failure is logged, not described. */
  void fail(LiveConnection c, String ref, Throwable error) {
    Throwable cause = Futures.unwrap(error);
    if (cause instanceof StoreException store && store.code() == ErrorCode.UNAVAILABLE) {
      // An overloaded store refuses in bursts: one line per interval, not a trace per request.
      long now = System.nanoTime();
      long last = lastUnavailableLog.get();
      if (now - last >= UNAVAILABLE_LOG_INTERVAL_NANOS
          && lastUnavailableLog.compareAndSet(last, now)) {
        log.warn("Refusing requests with 'unavailable' (logged at most every 10 s): {}",
            store.getMessage());
      }
      c.send(ServerFrames.failure(ref, ErrorCode.UNAVAILABLE,
          "the server is overloaded; try again later"));
    } else if (cause instanceof WsException ws && ws.code() != ErrorCode.INTERNAL) {
      c.send(ServerFrames.failure(ref, ws.code(), ws.getMessage()));
    } else {
      log.error("Internal error handling a frame from {}", c.id(), cause);
      c.send(ServerFrames.failure(ref, ErrorCode.INTERNAL, "internal error"));
    }
  }
}
