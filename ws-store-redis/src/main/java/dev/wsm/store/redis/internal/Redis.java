package dev.wsm.store.redis.internal;

import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreException;
import dev.wsm.store.redis.RedisStoreException.Reason;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs commands of the stores on the node's shared connection, without blocking: every call
 * returns a future completed by Lettuce, failed with a {@link RedisStoreException} (never a Lettuce
 * type, never the URI's password) and at the latest after the command timeout.
 */
final class Redis {
  private final RedisConnector connector;
  private final Keys keys;
  private final long timeoutMillis;
  private final String server;

  Redis(RedisConnector connector, RedisOptions options) {
    this.connector = connector;
    this.keys = new Keys(options.keyPrefix());
    // Lettuce times commands out itself; this is the backstop if a command is never dispatched.
    this.timeoutMillis = options.commandTimeout().toMillis() + 250;
    this.server = RedisConnector.redacted(connector.options());
  }

  Keys keys() {
    return keys;
  }

  /** Runs {@code command} on the async API; {@code what} names it in failure messages. */
  <T> CompletableFuture<T> call(String what,
      Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
    CompletableFuture<T> result;
    try {
      result = command.apply(connector.connection().async()).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(what, e));
    }
    return result.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handle((value, failure) -> {
          if (failure != null) {
            throw new CompletionException(translate(what, failure));
          }
          return value;
        });
  }

  /** Runs a script by its SHA-1, loading it when the server does not know it. */
  <T> CompletableFuture<T> script(Script script, ScriptOutputType type, String[] scriptKeys,
      String... args) {
    return call(script.name(), redis -> redis.<T>evalsha(script.sha(), type, scriptKeys, args)
        .exceptionallyCompose(failure -> isNoScript(failure)
            ? redis.<T>eval(script.body(), type, scriptKeys, args)
            : CompletableFuture.failedFuture(failure)));
  }

  private static boolean isNoScript(Throwable failure) {
    Throwable t = unwrap(failure);
    return t instanceof RedisNoScriptException
        || (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT"));
  }

  RedisStoreException translate(String what, Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof RedisStoreException e) {
      return e;
    }
    String detail = scrub(rootMessage(t));
    Reason reason;
    if (t instanceof RedisCommandTimeoutException || t instanceof TimeoutException) {
      reason = Reason.TIMEOUT;
      detail = "no answer within the command timeout";
    } else if (t.getMessage() != null && t.getMessage().contains("Request queue size exceeded")) {
      reason = Reason.OVERLOADED;
      detail = "Redis is unreachable and the queue of waiting commands is full";
    } else if (t instanceof RedisConnectionException) {
      reason = Reason.CANNOT_CONNECT;
    } else if (t instanceof RedisCommandExecutionException) {
      reason = Reason.SERVER_ERROR;
    } else {
      reason = Reason.SERVER_ERROR;
    }
    return new RedisStoreException(reason,
        "Redis " + what + " failed at " + server + ": " + detail, t);
  }

  private String scrub(String message) {
    String password = password();
    return password == null || password.isEmpty() ? message : message.replace(password, "***");
  }

  private String password() {
    String info = connector.options().uri().getRawUserInfo();
    if (info == null) {
      return null;
    }
    int colon = info.indexOf(':');
    return colon < 0 ? info : info.substring(colon + 1);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
