package dev.wsm.client;

/**
 * The reply to {@link WsmClient#publish}.
 *
 * @param id the message id
 * @param offset the message's offset in the room's history; 0 for an ephemeral or state message,
 *     which is not stored
 * @param delivered how many connections the message was queued to (the sender not counted)
 */
public record PublishResult(String id, long offset, int delivered) {}
