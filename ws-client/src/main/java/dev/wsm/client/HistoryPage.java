package dev.wsm.client;

import java.util.List;

/**
 * The reply to {@link WsmClient#history}.
 *
 * @param room the room
 * @param epoch the identity of the room's stream
 * @param lastOffset the offset of the newest message in the stream, 0 when empty
 * @param messages the page, in the order asked for; immutable
 */
public record HistoryPage(String room, String epoch, long lastOffset, List<RoomMessage> messages) {
  public HistoryPage {
    messages = List.copyOf(messages);
  }
}
