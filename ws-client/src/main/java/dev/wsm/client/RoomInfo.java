package dev.wsm.client;

import java.time.Instant;

/**
 * A room as the join reply describes it.
 *
 * @param name the room name
 * @param topic the topic; empty when none
 * @param isPrivate whether the room needs a password
 * @param memberLimit the largest number of distinct users; 0 = no limit
 * @param expiresAt when the room expires; null when it has no TTL
 */
public record RoomInfo(String name, String topic, boolean isPrivate, int memberLimit,
    Instant expiresAt) {}
