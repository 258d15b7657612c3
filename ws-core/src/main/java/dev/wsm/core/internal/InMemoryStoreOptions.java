package dev.wsm.core.internal;

import java.time.Duration;

/**
 * Limits of the in-memory stores.
 *
 * @param historyPerRoom messages kept per room stream; older ones are dropped (default 1,000)
 * @param inboxPerUser messages kept per offline inbox; the oldest is dropped (default 1,000)
 * @param inboxMaxAge inbox messages older than this are purged (default 24 h)
 */
public record InMemoryStoreOptions(int historyPerRoom, int inboxPerUser, Duration inboxMaxAge) {
  public static final InMemoryStoreOptions DEFAULTS =
      new InMemoryStoreOptions(1000, 1000, Duration.ofHours(24));

  public InMemoryStoreOptions {
    if (historyPerRoom < 1 || inboxPerUser < 1) {
      throw new IllegalArgumentException("historyPerRoom and inboxPerUser must be at least 1");
    }
    if (inboxMaxAge == null || inboxMaxAge.isNegative() || inboxMaxAge.isZero()) {
      throw new IllegalArgumentException("inboxMaxAge must be positive");
    }
  }
}
