package dev.wsm.testkit.transport;

import java.time.Duration;

/**
 * The transport settings a contract test depends on. Immutable; start from {@link #DEFAULTS}. A
 * {@link TransportFixture} maps each onto its transport's own options.
 *
 * @param maxQueuedBytes most outbound bytes queued for one connection (default 4 MiB); past it the
 *     connection is closed as a slow consumer with 4001
 * @param closeTimeout how long a closing handshake may take before the TCP connection is dropped
 *     (default 3 s): a peer that is dead or does not read cannot hold a connection open
 */
public record TransportSettings(long maxQueuedBytes, Duration closeTimeout) {

  public static final TransportSettings DEFAULTS =
      new TransportSettings(4L * 1024 * 1024, Duration.ofSeconds(3));

  public TransportSettings {
    if (maxQueuedBytes < 1) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive (was " + maxQueuedBytes + ")");
    }
    if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive");
    }
  }

  public TransportSettings withMaxQueuedBytes(long value) {
    return new TransportSettings(value, closeTimeout);
  }

  public TransportSettings withCloseTimeout(Duration value) {
    return new TransportSettings(maxQueuedBytes, value);
  }
}
