package dev.wsm.transport.javawebsocket;

import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestServer;
import java.time.Duration;

/** Test servers on a free port, with settings that keep tests fast. */
final class Servers {
  /** Fast sweeps, cheap password hashing; heartbeats far enough apart not to interfere. */
  static final HubOptions FAST = HubOptions.DEFAULTS
      .withPasswordIterations(1000)
      .withSweepInterval(Duration.ofMillis(50))
      .withTypingTimeout(Duration.ofMillis(400));

  private Servers() {}

  static TestServer start() {
    return start(FAST);
  }

  static TestServer start(HubOptions options) {
    return start(options, JavaWebSocketOptions.DEFAULTS.withPort(0));
  }

  static TestServer start(HubOptions options, JavaWebSocketOptions transport) {
    return TestServer.start(options, new JavaWebSocketTransportModule(transport));
  }
}
