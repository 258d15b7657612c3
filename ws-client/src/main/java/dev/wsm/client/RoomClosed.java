package dev.wsm.client;

/**
 * A {@code room_closed} frame: the room is gone and this connection is no longer a member. The
 * client forgets the room (it is not resumed).
 *
 * @param room the room
 * @param reason {@code expired} or {@code deleted} (new values may be added)
 */
public record RoomClosed(String room, String reason) {}
