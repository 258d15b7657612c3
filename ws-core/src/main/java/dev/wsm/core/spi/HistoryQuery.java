package dev.wsm.core.spi;

/**
 * A page of a room's history.
 *
 * @param afterOffset only messages with a larger offset; 0 for the start of the stream
 * @param limit at most this many, 1 to 1,000
 * @param newestFirst when true, the newest {@code limit} messages after {@code afterOffset}, newest
 *     first; otherwise the oldest, oldest first
 */
public record HistoryQuery(long afterOffset, int limit, boolean newestFirst) {
  public static final int MAX_LIMIT = 1000;

  public HistoryQuery {
    if (afterOffset < 0) {
      throw new IllegalArgumentException("afterOffset must be >= 0");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
    }
  }
}
