package dev.wsm.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What became of one send.
 *
 * @param id the message's id
 * @param recipients how many connections the target matched on this node
 * @param delivered how many of them had the frame queued for writing
 * @param dropped the connections that could not take it (closed, or their outbound queue was full)
 * @param queued true when the message is kept in the user's inbox until a device acknowledges it
 *     (every direct message to a user; offline devices get it when they connect)
 * @param offset the message's offset in its room's stream, for room messages
 */
public record Delivery(
    MessageId id,
    int recipients,
    int delivered,
    List<ConnectionId> dropped,
    boolean queued,
    OptionalLong offset) {
  public Delivery {
    Objects.requireNonNull(id, "id");
    dropped = List.copyOf(dropped);
    Objects.requireNonNull(offset, "offset");
  }
}
