/**
 * A Java client for the wsm wire protocol (docs/protocol.md), on the JDK's {@code
 * java.net.http.WebSocket} and Jackson, with no other dependency.
 *
 * <p>{@link dev.wsm.client.WsmClient} is the entry point: typed requests that return futures
 * ({@code join}, {@code leave}, {@code publish}, {@code direct}, {@code ack}, {@code history},
 * {@code members}, {@code presence}, {@code typing}, and {@code request} for custom types),
 * handlers for server events on one event thread, automatic reconnect with {@link
 * dev.wsm.client.Backoff} (exponential, full jitter), resume of the joined rooms with offset
 * deduplication, and heartbeat supervision.
 * Its settings are {@link dev.wsm.client.WsmClientOptions}; failures are {@link
 * dev.wsm.client.WsmClientException}s with a stable code.
 *
 * <p>Delivery: with auto-resume, a room message reaches the message handler once, in offset
 * order, across reconnects, as long as the server can recover the room (otherwise {@link
 * dev.wsm.client.RecoveryFailed} says so and where the gap is); room messages need no
 * acknowledgement, the client keeps its position itself. A direct message stays in the user's
 * inbox until a device acknowledges it with {@link dev.wsm.client.WsmClient#ack}; until then the
 * server sends it again at every connect, so the direct handler may see it more than once
 * (deduplicate by id). The client never acknowledges on its own: only the application knows when
 * a message has been dealt with.
 */
package dev.wsm.client;
