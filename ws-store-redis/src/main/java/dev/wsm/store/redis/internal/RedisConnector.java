package dev.wsm.store.redis.internal;

import dev.wsm.core.spi.Managed;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Lettuce client and the one shared command connection of this node. Started and stopped
 * by the hub ({@link Managed}); nothing connects before {@link #start()}.
 *
 * <p>Lettuce is set up on purpose: TCP keepalive on, every command fails after {@link
 * RedisOptions#commandTimeout()}, reconnection is automatic (pub/sub connections resubscribe;
 * attempts back off to at most 1 s apart), and
 * while disconnected at most {@link RedisOptions#requestQueueSize()} commands wait, after which new
 * ones fail at once.
 */
@Singleton
public final class RedisConnector implements Managed {
  private final RedisOptions options;
  private volatile ClientResources resources;
  private volatile RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;

  @Inject
  public RedisConnector(RedisOptions options) {
    this.options = options;
  }

  @Override
  public synchronized void start() {
    if (client != null) {
      return;
    }
    RedisURI uri = RedisURI.create(options.uri());
    uri.setTimeout(options.commandTimeout());
    // Reconnect attempts back off from 50 ms to at most 1 s (Lettuce's default grows to 30 s), so
    // a node is back within about a second of Redis returning.
    ClientResources res = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
    RedisClient c = RedisClient.create(res, uri);
    c.setOptions(clientOptions(options));
    try {
      connection = c.connect(StringCodec.UTF8);
    } catch (RedisException e) {
      c.shutdown(0, 2, TimeUnit.SECONDS);
      res.shutdown(0, 2, TimeUnit.SECONDS);
      throw new RedisStoreException(RedisStoreException.Reason.CANNOT_CONNECT,
          "cannot connect to Redis at " + redacted(options) + ": " + rootMessage(e), e);
    }
    resources = res;
    client = c;
  }

  /** The Lettuce options every connection of this node uses. */
  static ClientOptions clientOptions(RedisOptions options) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
        .requestQueueSize(options.requestQueueSize())
        .socketOptions(SocketOptions.builder()
            .connectTimeout(options.connectTimeout())
            .keepAlive(true)
            .tcpNoDelay(true)
            .build())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .build();
  }

  /** The client, for components that need connections of their own (pub/sub). */
  public RedisClient client() {
    RedisClient c = client;
    if (c == null) {
      throw new RedisStoreException(RedisStoreException.Reason.NOT_RUNNING,
          "the Redis store is not started");
    }
    return c;
  }

  /** The shared command connection (thread-safe; use its async API on transport threads). */
  public StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      throw new RedisStoreException(RedisStoreException.Reason.NOT_RUNNING,
          "the Redis store is not started");
    }
    return c;
  }

  public RedisOptions options() {
    return options;
  }

  @Override
  public synchronized void stop(Duration grace) {
    RedisClient c = client;
    if (c == null) {
      return;
    }
    client = null;
    StatefulRedisConnection<String, String> conn = connection;
    connection = null;
    if (conn != null) {
      conn.close();
    }
    c.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS);
    resources = null;
  }

  /** The server's address without any password, for messages and logs. */
  static String redacted(RedisOptions options) {
    return options.uri().getScheme() + "://" + options.uri().getHost()
        + (options.uri().getPort() > 0 ? ":" + options.uri().getPort() : "");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
