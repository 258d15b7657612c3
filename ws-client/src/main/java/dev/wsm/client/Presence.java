package dev.wsm.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A user's aggregated presence: a {@code presence} frame, the reply to {@link
 * WsmClient#presence}, or an entry of {@link WsmClient#members}.
 *
 * @param user the user
 * @param status {@code online}, {@code busy}, {@code away} or {@code offline}
 * @param meta the user's metadata object, empty when none
 * @param lastSeen when the server last heard from the user; null when absent
 * @param devices how many connections the user holds
 */
public record Presence(String user, String status, JsonNode meta, Instant lastSeen, int devices) {}
