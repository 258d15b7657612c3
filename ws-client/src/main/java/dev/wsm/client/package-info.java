/**
 * A Java client for the wsm wire protocol (docs/protocol.md), on the JDK's {@code
 * java.net.http.WebSocket} and Jackson, with no other dependency.
 *
 * <p>{@link dev.wsm.client.WsmClient} is the entry point: typed requests that return futures
 * ({@code join}, {@code leave}, {@code publish}, {@code direct}, {@code history}, {@code members},
 * {@code presence}, {@code typing}, and {@code request} for custom types), handlers for server
 * events on one event thread, automatic reconnect with {@link dev.wsm.client.Backoff} (exponential,
 * full jitter), resume of the joined rooms with offset deduplication, and heartbeat supervision.
 * Its settings are {@link dev.wsm.client.WsmClientOptions}; failures are {@link
 * dev.wsm.client.WsmClientException}s with a stable code.
 *
 * <p>Delivery: with auto-resume, a room message reaches the message handler once, in offset
 * order, across reconnects, as long as the server can recover the room (otherwise {@link
 * dev.wsm.client.RecoveryFailed} says so and where the gap is). The client does not acknowledge
 * messages to the server: version 1 of the protocol has no acknowledgement frame. Acknowledgements
 * arrive with the inbox work on the server; until then a message counts as delivered when the
 * client has handed it to the event queue, and the position it resumes from is the highest offset
 * handed on.
 */
package dev.wsm.client;
