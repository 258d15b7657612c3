package dev.wsm.client;

/**
 * The client moved from one {@link ClientState} to another.
 *
 * @param previous the state before
 * @param current the state now
 * @param closeCode the WebSocket close code that caused the change (1006 when the connection
 *     was lost without one: a network failure, a heartbeat timeout, an aborted connection), or 0
 *     when no connection closed
 * @param reason a sentence for people: the close reason or what happened; never null
 */
public record StateChange(ClientState previous, ClientState current, int closeCode,
    String reason) {}
