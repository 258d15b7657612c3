package dev.wsm.client;

/**
 * A {@code typing} frame: {@code user} started or stopped typing in {@code room}.
 *
 * @param room the room
 * @param user the user
 * @param typing true when started, false when stopped
 */
public record Typing(String room, String user, boolean typing) {}
