package dev.wsm.testkit.contract;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for store operations in the contract suites, turning failures into assertion errors. */
final class Stages {
  static final long TIMEOUT_SECONDS = 5;

  private Stages() {}

  /** The stage's value, waiting at most {@value #TIMEOUT_SECONDS} seconds. */
  static <T> T await(CompletionStage<T> stage) {
    if (stage == null) {
      throw new AssertionError("the store returned a null CompletionStage");
    }
    try {
      return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the store", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the store operation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the store operation did not complete within " + TIMEOUT_SECONDS + " s", e);
    }
  }
}
