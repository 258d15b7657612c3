package dev.wsm.core.internal;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.WsException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Small helpers for completion stages. */
final class Futures {
  private Futures() {}

  static <T> CompletableFuture<T> failed(ErrorCode code, String message) {
    return CompletableFuture.failedFuture(new WsException(code, message));
  }

  static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    return stage.toCompletableFuture();
  }

  /** The real failure behind CompletionException / ExecutionException wrappers. */
  static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
