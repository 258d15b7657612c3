package dev.wsm.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.client.WsmClientException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What to do with a request's outcome. Called with the client's lock held, in reply order; must
 * not block.
 */
interface Outcome {
  void ok(JsonNode reply);

  void failed(WsmClientException error);

  /**
   * The outcome of a user request: {@code onOk} (may be null) updates the client's state in reply
   * order, with the lock held; {@code result} builds the future's value, and the future completes,
   * on the reply thread.
   */
  static <T> Outcome completing(CompletableFuture<T> future, String type,
      Function<JsonNode, T> result, Consumer<JsonNode> onOk, ClientThreads threads) {
    return new Outcome() {
      @Override
      public void ok(JsonNode reply) {
        if (onOk != null) {
          onOk.accept(reply);
        }
        threads.onReplyThread(() -> {
          T value;
          try {
            value = result.apply(reply);
          } catch (RuntimeException e) {
            future.completeExceptionally(new WsmClientException(WsmClientException.PROTOCOL,
                "cannot read the reply to '" + type + "'", e));
            return;
          }
          future.complete(value);
        });
      }

      @Override
      public void failed(WsmClientException error) {
        threads.onReplyThread(() -> future.completeExceptionally(error));
      }
    };
  }
}
