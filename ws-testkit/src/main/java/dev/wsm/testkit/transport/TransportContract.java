package dev.wsm.testkit.transport;

import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.ResumeOptions;
import dev.wsm.testkit.TestServer;
import java.time.Duration;

/**
 * The base of every transport contract suite: it starts test servers on the transport that
 * {@link #fixture()} names. Extend a suite ({@link ConnectionLifecycleContract},
 * {@link ProtocolErrorsContract}, {@link HandshakeLimitsContract}, {@link RoomsContract},
 * {@link RoutingContract}, {@link PresenceContract}, {@link SlowConsumerContract},
 * {@link DeliveryClassesContract}, {@link ListenersContract}, {@link LimitsContract},
 * {@link ReadSuspensionContract}), not this class:
 *
 * <pre>{@code
 * class JavaWebSocketRoomsIT extends RoomsContract {
 *   @Override
 *   protected TransportFixture fixture() {
 *     return JavaWebSocketFixture.INSTANCE;
 *   }
 * }
 * }</pre>
 *
 * <p>The suites open real sockets: name the subclasses {@code *IT} so failsafe runs them.
 */
public abstract class TransportContract {
  /** Fast sweeps, cheap password hashing; heartbeats far enough apart not to interfere. */
  protected static final HubOptions FAST = HubOptions.DEFAULTS
      .withPasswordIterations(1000)
      .withSweepInterval(Duration.ofMillis(50))
      .withTypingTimeout(Duration.ofMillis(400));

  /**
   * How long a dropped connection keeps its place in the contract's servers (the default is 10 s):
   * short, so that tests of dropped connections see them leave soon.
   */
  protected static final Duration PRESENCE_GRACE = Duration.ofMillis(300);

  /** The transport under test. */
  protected abstract TransportFixture fixture();

  /** A started server with {@link #FAST} options and default transport settings. */
  protected TestServer start() {
    return start(FAST);
  }

  /** A started server with the given options and default transport settings. */
  protected TestServer start(HubOptions options) {
    return start(options, TransportSettings.DEFAULTS);
  }

  /** A started server with the given options and transport settings, abuse limits off. */
  protected TestServer start(HubOptions options, TransportSettings settings) {
    return start(options, LimitOptions.NONE, settings);
  }

  /** A started server with the given options, abuse limits and transport settings. */
  protected TestServer start(HubOptions options, LimitOptions limits, TransportSettings settings) {
    return TestServer.start(options, limits, fixture().transport(settings),
        binder -> OptionalBinder.newOptionalBinder(binder, ResumeOptions.class).setBinding()
            .toInstance(ResumeOptions.DEFAULTS.withPresenceGrace(PRESENCE_GRACE)));
  }
}
