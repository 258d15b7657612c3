package dev.wsm.store.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Redis store and cluster bus. Immutable; start from {@link #at(String)} and change
 * with the withers. Every value is checked here, so a bad setting fails at start-up.
 *
 * @param uri the server, as a Lettuce URI ({@code redis://host:port/db}, {@code rediss://…} for
 *     TLS, {@code redis://:password@host}); default {@code redis://127.0.0.1:6379}
 * @param keyPrefix put before every key and channel name, so several wsm clusters (or tests) can
 *     share one Redis (default {@code wsm:}); must end with {@code :}
 * @param connectTimeout how long opening a connection may take (default 5 s)
 * @param commandTimeout how long any command may take before it fails; no wsm thread ever waits on
 *     Redis longer than this (default 2 s)
 * @param requestQueueSize commands buffered while Redis is unreachable; beyond it commands fail at
 *     once instead of piling up (default 10,000)
 * @param presenceLease how long a node's claim that a user is online lasts without renewal: the
 *     users of a node that crashed go offline within it (default 60 s)
 * @param historyPerRoom messages kept per room stream (approximate {@code MAXLEN}; default 100,000)
 * @param historyMaxAge messages older than this are trimmed from streams (default 30 days)
 * @param inboxPerUser messages kept per user inbox; the oldest is dropped (default 1,000)
 * @param inboxMaxAge inbox messages older than this are never delivered (default 24 h)
 */
public record RedisOptions(
    URI uri,
    String keyPrefix,
    Duration connectTimeout,
    Duration commandTimeout,
    int requestQueueSize,
    Duration presenceLease,
    int historyPerRoom,
    Duration historyMaxAge,
    int inboxPerUser,
    Duration inboxMaxAge) {

  public static final RedisOptions DEFAULTS = new RedisOptions(URI.create("redis://127.0.0.1:6379"),
      "wsm:", Duration.ofSeconds(5), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(60),
      100_000, Duration.ofDays(30), 1000, Duration.ofHours(24));

  public RedisOptions {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException(
          "Redis URI must start with redis:// or rediss:// (was " + uri + ")");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("Redis URI has no host (was " + uri + ")");
    }
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.isEmpty() || !keyPrefix.endsWith(":") || keyPrefix.contains(" ")) {
      throw new IllegalArgumentException(
          "keyPrefix must end with ':' and hold no spaces (was '" + keyPrefix + "')");
    }
    positive(connectTimeout, "connectTimeout");
    positive(commandTimeout, "commandTimeout");
    atLeast(requestQueueSize, 1, "requestQueueSize");
    positive(presenceLease, "presenceLease");
    if (presenceLease.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("presenceLease must be at least 2 s");
    }
    atLeast(historyPerRoom, 1, "historyPerRoom");
    positive(historyMaxAge, "historyMaxAge");
    atLeast(inboxPerUser, 1, "inboxPerUser");
    positive(inboxMaxAge, "inboxMaxAge");
  }

  /** The defaults, on the server at {@code uri}. */
  public static RedisOptions at(String uri) {
    URI parsed;
    try {
      parsed = URI.create(Objects.requireNonNull(uri, "uri").trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Redis URI: " + uri, e);
    }
    return DEFAULTS.withUri(parsed);
  }

  private static void positive(Duration value, String name) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }

  private static void atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " (was " + value + ")");
    }
  }

  public RedisOptions withUri(URI value) {
    return new RedisOptions(value, keyPrefix, connectTimeout, commandTimeout, requestQueueSize,
        presenceLease, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge);
  }

  public RedisOptions withKeyPrefix(String value) {
    return new RedisOptions(uri, value, connectTimeout, commandTimeout, requestQueueSize,
        presenceLease, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge);
  }

  public RedisOptions withTimeouts(Duration connect, Duration command) {
    return new RedisOptions(uri, keyPrefix, connect, command, requestQueueSize, presenceLease,
        historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge);
  }

  public RedisOptions withRequestQueueSize(int value) {
    return new RedisOptions(uri, keyPrefix, connectTimeout, commandTimeout, value, presenceLease,
        historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge);
  }

  public RedisOptions withPresenceLease(Duration value) {
    return new RedisOptions(uri, keyPrefix, connectTimeout, commandTimeout, requestQueueSize,
        value, historyPerRoom, historyMaxAge, inboxPerUser, inboxMaxAge);
  }

  public RedisOptions withHistory(int perRoom, Duration maxAge) {
    return new RedisOptions(uri, keyPrefix, connectTimeout, commandTimeout, requestQueueSize,
        presenceLease, perRoom, maxAge, inboxPerUser, inboxMaxAge);
  }

  public RedisOptions withInbox(int perUser, Duration maxAge) {
    return new RedisOptions(uri, keyPrefix, connectTimeout, commandTimeout, requestQueueSize,
        presenceLease, historyPerRoom, historyMaxAge, perUser, maxAge);
  }
}
