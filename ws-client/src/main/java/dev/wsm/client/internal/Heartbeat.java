package dev.wsm.client.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Heartbeat supervision of one connection: the JDK WebSocket answers the server's pings itself;
 * when nothing at all has arrived for the welcome's {@code heartbeat.timeout}, the connection is
 * taken for dead and dropped (1006), and the client reconnects. The check runs on the timer
 * thread, four times per timeout (every 50 ms at most often).
 */
final class Heartbeat {
  private Heartbeat() {}

  /** Starts watching a welcomed link; null when the server asked for no heartbeat (timeout 0). */
  static ScheduledFuture<?> watch(Link link, Duration timeout, ClientThreads threads) {
    if (timeout.isZero()) {
      return null;
    }
    long period = Math.max(50, timeout.toMillis() / 4);
    return threads.every(() -> checkSilence(link, timeout), period);
  }

  /** Timer: a connection silent for longer than the heartbeat timeout is dead. */
  private static void checkSilence(Link link, Duration timeout) {
    long silentMillis = link.silentMillis();
    if (silentMillis > timeout.toMillis()) {
      link.drop(1006, "heartbeat timeout: nothing received for " + silentMillis + " ms");
    }
  }
}
