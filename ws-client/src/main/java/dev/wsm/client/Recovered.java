package dev.wsm.client;

/**
 * A room was fully recovered after a reconnect: every message missed while disconnected was
 * delivered to the message handler, in order, before this event.
 *
 * @param room the room
 * @param missed how many messages the server sent again
 * @param epoch the room's stream epoch
 * @param offset the room's newest offset when it was recovered
 */
public record Recovered(String room, long missed, String epoch, long offset) {}
