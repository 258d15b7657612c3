package dev.wsm.client;

/**
 * A position in a room's message stream.
 *
 * @param epoch the identity of the stream; offsets from another epoch mean nothing
 * @param offset an offset in it (0 = before the first message)
 */
public record StreamPosition(String epoch, long offset) {}
