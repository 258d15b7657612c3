package dev.wsm.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One load run.
 *
 * @param url the server's WebSocket URL (no query; the tool adds {@code ?user=})
 * @param scenario {@code fanout} (subscribers + publishers), {@code connect} (a connect storm) or
 *     {@code idle} (connect, then measure the server's memory per connection)
 * @param subscribers connections that only receive
 * @param rooms subscribers and publishers are spread over this many rooms, round-robin
 * @param publishers connections that publish (they are room members too)
 * @param messages messages published in all
 * @param rate messages per second over all publishers; 0 publishes in a burst
 * @param payloadBytes size of the published {@code data} object, about
 * @param connectConcurrency most handshakes in flight at once
 * @param serverPid the server's process id for CPU and memory figures, or 0
 * @param drainTimeout how long to wait for the last deliveries after the last publish
 * @param maxDuration the whole run stops after this long, whatever happened
 * @param json where to write the JSON result, or null
 * @param timeline where to write the fan-out's latency per 10 ms of send time as CSV, or null
 * @param label a name for the server under test, carried into the report
 * @param progress draw a progress bar on stderr
 */
public record LoadOptions(
    URI url,
    String scenario,
    int subscribers,
    int rooms,
    int publishers,
    int messages,
    int rate,
    int payloadBytes,
    int connectConcurrency,
    long serverPid,
    Duration drainTimeout,
    Duration maxDuration,
    Path json,
    Path timeline,
    String label,
    boolean progress) {

  public LoadOptions {
    if (!"ws".equals(url.getScheme())) {
      throw new IllegalArgumentException("url must be ws://host:port/path");
    }
    if (!scenario.equals("fanout") && !scenario.equals("connect") && !scenario.equals("idle")) {
      throw new IllegalArgumentException("scenario must be fanout, connect or idle");
    }
    if (subscribers < 0 || publishers < 0 || subscribers + publishers < 1) {
      throw new IllegalArgumentException("need at least one connection");
    }
    if (subscribers + publishers > 60_000) {
      throw new IllegalArgumentException("at most 60,000 connections (ephemeral ports)");
    }
    if (rooms < 1) {
      throw new IllegalArgumentException("rooms must be at least 1");
    }
    if (scenario.equals("fanout") && (publishers < 1 || messages < 1)) {
      throw new IllegalArgumentException("fanout needs publishers >= 1 and messages >= 1");
    }
    if (messages < 0 || rate < 0 || payloadBytes < 16 || payloadBytes > 60_000) {
      throw new IllegalArgumentException("messages, rate >= 0; payload 16 to 60,000 bytes");
    }
    if (connectConcurrency < 1) {
      throw new IllegalArgumentException("connect concurrency must be at least 1");
    }
  }

  /** The same run with nothing written to files: a warm-up. */
  public LoadOptions unrecorded() {
    return new LoadOptions(url, scenario, subscribers, rooms, publishers, messages, rate,
        payloadBytes, connectConcurrency, serverPid, drainTimeout, maxDuration, null, null, label,
        progress);
  }

  public int connections() {
    return subscribers + publishers;
  }
}
