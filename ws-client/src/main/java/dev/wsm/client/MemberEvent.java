package dev.wsm.client;

import java.time.Instant;

/**
 * A {@code joined} or {@code left} frame: a user's first connection joined, or last connection
 * left, a room this connection is in.
 *
 * @param room the room
 * @param user the user
 * @param ts server time; null when absent
 */
public record MemberEvent(String room, String user, Instant ts) {}
