package dev.wsm.client;

/**
 * A binary frame from the server. It carries no id, offset or timestamp, so it is not deduplicated
 * and does not move a room's position.
 *
 * @param room the room; null for a direct message or a broadcast
 * @param from the sending user; null when none
 * @param payload the bytes (the array belongs to the receiver)
 */
public record BinaryMessage(String room, String from, byte[] payload) {}
