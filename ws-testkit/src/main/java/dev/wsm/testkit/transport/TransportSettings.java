package dev.wsm.testkit.transport;

import dev.wsm.core.spi.TlsSettings;
import java.time.Duration;

/**
 * The transport settings a contract test depends on. Immutable; start from {@link #DEFAULTS}. A
 * {@link TransportFixture} maps each onto its transport's own options.
 *
 * @param maxQueuedBytes most outbound bytes queued for one connection (default 4 MiB); past it the
 *     connection is closed as a slow consumer with 4001
 * @param closeTimeout how long a closing handshake may take before the TCP connection is dropped
 *     (default 3 s): a peer that is dead or does not read cannot hold a connection open
 * @param handshakeTimeout a connection not upgraded within this time of being accepted is closed
 *     (default 10 s)
 * @param maxPendingHandshakes most connections accepted but not yet upgraded at once (default
 *     2,000); sockets beyond it are closed at once
 * @param tls the TLS key and certificate ({@code wss://}); null (the default) for plain {@code ws://}
 */
public record TransportSettings(long maxQueuedBytes, Duration closeTimeout,
    Duration handshakeTimeout, int maxPendingHandshakes, TlsSettings tls) {

  public static final TransportSettings DEFAULTS = new TransportSettings(4L * 1024 * 1024,
      Duration.ofSeconds(3), Duration.ofSeconds(10), 2000, null);

  public TransportSettings {
    if (maxQueuedBytes < 1) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive (was " + maxQueuedBytes + ")");
    }
    if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive");
    }
    if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    if (maxPendingHandshakes < 1) {
      throw new IllegalArgumentException("maxPendingHandshakes must be at least 1");
    }
  }

  public TransportSettings withMaxQueuedBytes(long value) {
    return new TransportSettings(value, closeTimeout, handshakeTimeout, maxPendingHandshakes, tls);
  }

  public TransportSettings withCloseTimeout(Duration value) {
    return new TransportSettings(maxQueuedBytes, value, handshakeTimeout, maxPendingHandshakes, tls);
  }

  public TransportSettings withHandshakeTimeout(Duration value) {
    return new TransportSettings(maxQueuedBytes, closeTimeout, value, maxPendingHandshakes, tls);
  }

  public TransportSettings withMaxPendingHandshakes(int value) {
    return new TransportSettings(maxQueuedBytes, closeTimeout, handshakeTimeout, value, tls);
  }

  public TransportSettings withTls(TlsSettings value) {
    return new TransportSettings(maxQueuedBytes, closeTimeout, handshakeTimeout,
        maxPendingHandshakes, value);
  }
}
