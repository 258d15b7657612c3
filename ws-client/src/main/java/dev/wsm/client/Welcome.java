package dev.wsm.client;

import java.time.Duration;
import java.time.Instant;

/**
 * The server's {@code welcome}, the first frame of every connection.
 *
 * @param protocol the protocol version
 * @param connection this connection's id
 * @param user the user id the server assigned
 * @param session the session token {@code resume} needs after a reconnect; null when the server
 *     does not issue one
 * @param heartbeatInterval how often the server pings
 * @param heartbeatTimeout silence after which the server drops the connection; the client treats
 *     the same silence from the server as a dead connection
 * @param ts server time; null when absent
 */
public record Welcome(int protocol, String connection, String user, String session,
    Duration heartbeatInterval, Duration heartbeatTimeout, Instant ts) {}
