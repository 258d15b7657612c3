package dev.wsm.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A {@code direct} frame: a message to this user or this connection, live or from the offline
 * inbox.
 *
 * @param id the message id
 * @param from the sending user; null when the server sent it without a sender
 * @param event the sender's label; null when none
 * @param data the payload
 * @param ts when the server accepted it; null when absent
 * @param seq its number in this user's inbox (for {@link WsmClient#ackUpTo(long)}); 0 when the
 *     message is not kept in the inbox (sent to a connection, or not reliable)
 */
public record DirectMessage(String id, String from, String event, JsonNode data, Instant ts,
    long seq) {
  /** Without an inbox number. */
  public DirectMessage(String id, String from, String event, JsonNode data, Instant ts) {
    this(id, from, event, data, ts, 0);
  }
}
