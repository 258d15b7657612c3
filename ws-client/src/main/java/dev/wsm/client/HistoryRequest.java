package dev.wsm.client;

import java.time.Instant;

/**
 * Which page of a room's history {@link WsmClient#history} reads. Immutable; start from {@link
 * #DEFAULTS} (the 50 oldest messages) and narrow with the {@code with…} methods. Validated as the
 * server would, so a bad request fails here with a clear message.
 *
 * @param after only messages with an offset greater than this (default 0 = from the start)
 * @param before only messages with an offset smaller than this (default 0 = no bound); when set,
 *     greater than {@code after + 1}
 * @param since only messages sent at or after this instant; null = no bound
 * @param until only messages sent before this instant; null = no bound; after {@code since}
 * @param parent only replies to this message id (a thread); null = every message
 * @param limit how many messages at most, 1 to 1,000 (default 50)
 * @param order {@link Order#OLDEST} first (default) or {@link Order#NEWEST} first
 */
public record HistoryRequest(long after, long before, Instant since, Instant until,
    String parent, int limit, Order order) {
  /** The order of a page. */
  public enum Order {
    /** The oldest messages matching, oldest first. */
    OLDEST,
    /** The newest messages matching, newest first. */
    NEWEST
  }

  public static final HistoryRequest DEFAULTS =
      new HistoryRequest(0, 0, null, null, null, 50, Order.OLDEST);

  public HistoryRequest {
    if (after < 0) {
      throw new IllegalArgumentException("after must not be negative (was " + after + ")");
    }
    if (before < 0) {
      throw new IllegalArgumentException("before must not be negative (was " + before + ")");
    }
    if (before != 0 && before <= after + 1) {
      throw new IllegalArgumentException(
          "before must be greater than after + 1 (after " + after + ", before " + before + ")");
    }
    if (since != null && until != null && !until.isAfter(since)) {
      throw new IllegalArgumentException("until must be after since");
    }
    if (parent != null && parent.isEmpty()) {
      throw new IllegalArgumentException("parent must not be empty");
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1,000 (was " + limit + ")");
    }
    if (order == null) {
      throw new IllegalArgumentException("order must not be null");
    }
  }

  /** The oldest {@code limit} messages after {@code offset}: the way to page forward. */
  public static HistoryRequest after(long offset) {
    return DEFAULTS.withAfter(offset);
  }

  public HistoryRequest withAfter(long value) {
    return new HistoryRequest(value, before, since, until, parent, limit, order);
  }

  public HistoryRequest withBefore(long value) {
    return new HistoryRequest(after, value, since, until, parent, limit, order);
  }

  public HistoryRequest withSince(Instant value) {
    return new HistoryRequest(after, before, value, until, parent, limit, order);
  }

  public HistoryRequest withUntil(Instant value) {
    return new HistoryRequest(after, before, since, value, parent, limit, order);
  }

  /** Only replies to {@code messageId}: one thread. */
  public HistoryRequest withParent(String messageId) {
    return new HistoryRequest(after, before, since, until, messageId, limit, order);
  }

  public HistoryRequest withLimit(int value) {
    return new HistoryRequest(after, before, since, until, parent, value, order);
  }

  public HistoryRequest withOrder(Order value) {
    return new HistoryRequest(after, before, since, until, parent, limit, value);
  }
}
