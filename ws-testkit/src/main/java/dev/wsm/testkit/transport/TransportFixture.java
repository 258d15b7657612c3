package dev.wsm.testkit.transport;

import com.google.inject.Module;

/**
 * How the transport contract suites start the transport under test. Implement it once per transport
 * and return it from {@link TransportContract#fixture()}:
 *
 * <pre>{@code
 * enum JavaWebSocketFixture implements TransportFixture {
 *   INSTANCE;
 *
 *   @Override
 *   public Module transport(TransportSettings settings) {
 *     return new JavaWebSocketTransportModule(JavaWebSocketOptions.DEFAULTS.withPort(0)
 *         .withOutboundQueue(JavaWebSocketOptions.DEFAULTS.maxQueuedFrames(), settings.maxQueuedBytes())
 *         .withCloseTimeout(settings.closeTimeout()));
 *   }
 * }
 * }</pre>
 */
public interface TransportFixture {

  /**
   * The Guice module of the transport under test, bound to {@code 127.0.0.1}, port 0 (a free port,
   * read back through {@code Hub.url()}), upgrading only the path {@code /ws}, with the given
   * settings and the transport's defaults for everything else. The suites expect an inbound message
   * limit of 65,536 bytes, fragments included (larger messages close the connection with 1009), and
   * refused handshakes answered with an HTTP status (404 on another path, 429 over the hub's
   * per-user or per-address connection limit, 403 for an Origin not on the allowlist). Called once per server the suites start; must return a new module
   * each time.
   */
  Module transport(TransportSettings settings);
}
