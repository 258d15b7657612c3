package dev.wsm.client;

/**
 * The reply to {@link WsmClient#direct}.
 *
 * @param id the message id
 * @param delivered how many connections the message was queued to
 * @param queued whether it was kept in the user's offline inbox (the user had no connection)
 */
public record DirectResult(String id, int delivered, boolean queued) {}
