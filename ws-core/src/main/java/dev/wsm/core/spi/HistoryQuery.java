package dev.wsm.core.spi;

import dev.wsm.core.MessageId;
import java.time.Instant;

/**
 * A page of a room's history: the messages whose offset is in {@code (afterOffset, beforeOffset)}
 * and whose timestamp is in {@code [since, until)}, at most {@code limit} of them.
 *
 * @param afterOffset only messages with a larger offset; 0 for the start of the stream
 * @param beforeOffset only messages with a smaller offset; 0 for no upper bound
 * @param since only messages sent at or after this instant, or null for no lower bound
 * @param until only messages sent before this instant, or null for no upper bound
 * @param parent only replies to this message (threads), or null for every message
 * @param limit at most this many, 1 to 1,000
 * @param newestFirst when true, the newest {@code limit} matching messages, newest first; otherwise
 *     the oldest, oldest first
 */
public record HistoryQuery(long afterOffset, long beforeOffset, Instant since, Instant until,
    MessageId parent, int limit, boolean newestFirst) {
  public static final int MAX_LIMIT = 1000;

  public HistoryQuery {
    if (afterOffset < 0 || beforeOffset < 0) {
      throw new IllegalArgumentException("offsets must be >= 0");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
    }
  }

  /** Offset and time bounds, every message (no parent filter). */
  public HistoryQuery(long afterOffset, long beforeOffset, Instant since, Instant until, int limit,
      boolean newestFirst) {
    this(afterOffset, beforeOffset, since, until, null, limit, newestFirst);
  }

  /** Messages after {@code afterOffset}, with no other bound. */
  public HistoryQuery(long afterOffset, int limit, boolean newestFirst) {
    this(afterOffset, 0, null, null, null, limit, newestFirst);
  }

  /** Whether a message at {@code offset}, sent at {@code sentAt}, is in range (limit aside). */
  public boolean matches(long offset, Instant sentAt, MessageId messageParent) {
    return (parent == null || parent.equals(messageParent))
        && offset > afterOffset
        && (beforeOffset == 0 || offset < beforeOffset)
        && (since == null || !sentAt.isBefore(since))
        && (until == null || sentAt.isBefore(until));
  }
}
