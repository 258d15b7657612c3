package dev.wsm.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A {@code broadcast} frame: a message the server application sent to every connection, a label or
 * a selection.
 *
 * @param id the message id
 * @param from the sender the server set; null when none
 * @param event the label; null when none
 * @param data the payload
 * @param ts when the server sent it; null when absent
 */
public record Broadcast(String id, String from, String event, JsonNode data, Instant ts) {}
