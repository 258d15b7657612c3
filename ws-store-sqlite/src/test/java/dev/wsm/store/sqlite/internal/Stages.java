package dev.wsm.store.sqlite.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Waits for store operations in the SQLite tests. */
final class Stages {
  private Stages() {}

  /** The stage's value, waiting at most 5 seconds. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the store operation failed or timed out: " + e, e);
    }
  }
}
