package dev.wsm.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A message published to a room: a live {@code message} frame, or an entry of a history page.
 *
 * @param id the message id, unique and stable
 * @param room the room
 * @param offset its position in the room's history (from 1)
 * @param from the sending user; null when the server sent it without a sender
 * @param event the sender's label; null when none
 * @param data the payload; a {@code BinaryNode} for a binary message read from history
 * @param ts when the server accepted it; null when absent
 * @param parent the id of the message this one answers (threads); null when none
 */
public record RoomMessage(String id, String room, long offset, String from, String event,
    JsonNode data, Instant ts, String parent) {}
