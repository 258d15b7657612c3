package dev.wsm.bench.storm;

import java.net.URI;
import java.time.Duration;

/**
 * One reconnect-storm run. Immutable; validated in the constructor (bad values throw {@link
 * IllegalArgumentException} with a message meant for the command line).
 *
 * @param url the server, {@code ws://host:port/path}
 * @param serverPid the server's process id for CPU and RSS from /proc; 0 = not measured
 * @param clients clients that drop their connection and resume (default 10,000; 1 to 19,000)
 * @param rooms rooms the clients are spread over, round-robin (default 100; 1 to 100, the publisher
 *     joins them all)
 * @param steady clients that stay connected through the storm and measure live latency (default
 *     100; 0 to 1,000)
 * @param rate messages per second the publisher sends, over all rooms, all run long (default 200;
 *     1 to 100,000)
 * @param payloadBytes bytes of data per message (default 100; 16 to 16,384)
 * @param connectConcurrency most handshakes in flight at once, first connect and reconnect
 *     (default 500)
 * @param warm how long the publisher runs before the drop (default 2 s)
 * @param down how long every client stays away after the drop (default 1 s)
 * @param jitter each client reconnects after {@code down} plus a uniform random delay up to this
 *     (default 0: all at once)
 * @param tail how long the publisher goes on after the last {@code recovered} (default 1 s)
 * @param maxAttempts reconnect attempts per client; a failed one is retried after a jittered,
 *     exponentially growing backoff (default 5)
 * @param maxDuration the hard deadline of the whole run (default 120 s)
 * @param drainTimeout how long to wait, once publishing stopped, for every client to reach the
 *     rooms' last offsets (default 10 s)
 * @param label what the report calls the server
 * @param seed seed of the jitter, so runs can be repeated
 */
public record StormOptions(
    URI url,
    long serverPid,
    int clients,
    int rooms,
    int steady,
    int rate,
    int payloadBytes,
    int connectConcurrency,
    Duration warm,
    Duration down,
    Duration jitter,
    Duration tail,
    int maxAttempts,
    Duration maxDuration,
    Duration drainTimeout,
    String label,
    long seed) {

  /** The most clients: the tool holds clients + steady + 1 sockets under a 20,000-file limit. */
  public static final int MAX_CLIENTS = 19_000;

  public StormOptions {
    if (url == null || !"ws".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("--url must be ws://host:port/path");
    }
    range("clients", clients, 1, MAX_CLIENTS);
    range("rooms", rooms, 1, 100);
    range("steady", steady, 0, 1000);
    range("rate", rate, 1, 100_000);
    range("payload", payloadBytes, 16, 16_384);
    range("connect concurrency", connectConcurrency, 1, 20_000);
    range("max attempts", maxAttempts, 1, 100);
    if (clients + steady > MAX_CLIENTS) {
      throw new IllegalArgumentException("clients + steady must be at most " + MAX_CLIENTS);
    }
    nonNegative("warm", warm);
    nonNegative("down", down);
    nonNegative("jitter", jitter);
    nonNegative("tail", tail);
    nonNegative("drain", drainTimeout);
    if (maxDuration == null || maxDuration.isZero() || maxDuration.isNegative()
        || maxDuration.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("max duration must be between 1 s and 1 h");
    }
    label = label == null ? "wsm" : label;
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "%s must be between %,d and %,d, was %,d", name, min, max, value));
    }
  }

  private static void nonNegative(String name, Duration d) {
    if (d == null || d.isNegative() || d.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(name + " must be between 0 and 10 minutes");
    }
  }
}
