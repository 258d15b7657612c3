package dev.wsm.client;

/**
 * The reply to {@link WsmClient#join}.
 *
 * @param room the room
 * @param stream where the room's stream stood when the connection joined; null when the server
 *     does not report it
 */
public record JoinResult(RoomInfo room, StreamPosition stream) {}
