package dev.wsm.core;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HubOptionsTest {
  private static final HubOptions D = HubOptions.DEFAULTS;

  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(HubOptions.DEFAULTS, defaults(
        "heartbeatInterval", Duration.ofSeconds(25),
        "heartbeatTimeout", Duration.ofSeconds(60),
        "maxConnectionsPerUser", 10,
        "maxRoomsPerConnection", 100,
        "autoCreateRooms", true,
        "typingTimeout", Duration.ofSeconds(5),
        "passwordIterations", 600_000,
        "callbackThreads", 4,
        "callbackQueue", 10_000,
        "sweepInterval", Duration.ofMillis(500),
        "maxPresenceMetaBytes", 4096,
        "membershipEventsMaxMembers", 1000));
  }

  @Test
  void withersChangeOnlyTheirOwnValue() {
    assertThat(D.withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .isEqualTo(new HubOptions(Duration.ofSeconds(1), Duration.ofSeconds(2), 10, 100, true,
            Duration.ofSeconds(5), 600_000, 4, 10_000, Duration.ofMillis(500), 4096, 1000));
    assertThat(D.withMaxConnectionsPerUser(3).maxConnectionsPerUser()).isEqualTo(3);
    assertThat(D.withMaxRoomsPerConnection(7).maxRoomsPerConnection()).isEqualTo(7);
    assertThat(D.withAutoCreateRooms(false).autoCreateRooms()).isFalse();
    assertThat(D.withTypingTimeout(Duration.ofSeconds(9)).typingTimeout())
        .isEqualTo(Duration.ofSeconds(9));
    assertThat(D.withPasswordIterations(1000).passwordIterations()).isEqualTo(1000);
    HubOptions callbacks = D.withCallbacks(2, 50);
    assertThat(callbacks.callbackThreads()).isEqualTo(2);
    assertThat(callbacks.callbackQueue()).isEqualTo(50);
    assertThat(D.withSweepInterval(Duration.ofSeconds(1)).sweepInterval())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(D.withMaxPresenceMetaBytes(100).maxPresenceMetaBytes()).isEqualTo(100);
    assertThat(D.withMaxPresenceMetaBytes(100).withMaxPresenceMetaBytes(4096)).isEqualTo(D);
    assertThat(D.withMembershipEventsMaxMembers(5).membershipEventsMaxMembers()).isEqualTo(5);
    assertThat(D.withMembershipEventsMaxMembers(5).maxPresenceMetaBytes()).isEqualTo(4096);
  }

  @Test
  void acceptsTheSmallestAllowedValues() {
    HubOptions smallest = D.withHeartbeat(Duration.ofMillis(1), Duration.ofMillis(2))
        .withMaxConnectionsPerUser(0)
        .withMaxRoomsPerConnection(1)
        .withTypingTimeout(Duration.ofNanos(1))
        .withPasswordIterations(1000)
        .withCallbacks(1, 1)
        .withSweepInterval(Duration.ofNanos(1))
        .withMaxPresenceMetaBytes(2);

    assertThat(smallest.maxConnectionsPerUser()).as("0 means no limit").isZero();
  }

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        invalid("a zero heartbeat interval",
            () -> D.withHeartbeat(Duration.ZERO, Duration.ofSeconds(1))),
        invalid("a negative heartbeat interval",
            () -> D.withHeartbeat(Duration.ofSeconds(-1), Duration.ofSeconds(1))),
        invalid("a null heartbeat interval", () -> D.withHeartbeat(null, Duration.ofSeconds(1))),
        invalid("a null heartbeat timeout", () -> D.withHeartbeat(Duration.ofSeconds(1), null)),
        invalid("a timeout equal to the interval",
            () -> D.withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(5))),
        invalid("a timeout shorter than the interval",
            () -> D.withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(4))),
        invalid("negative connections per user", () -> D.withMaxConnectionsPerUser(-1)),
        invalid("zero rooms per connection", () -> D.withMaxRoomsPerConnection(0)),
        invalid("a zero typing timeout", () -> D.withTypingTimeout(Duration.ZERO)),
        invalid("a null typing timeout", () -> D.withTypingTimeout(null)),
        invalid("fewer than 1,000 password iterations", () -> D.withPasswordIterations(999)),
        invalid("zero callback threads", () -> D.withCallbacks(0, 10)),
        invalid("a zero callback queue", () -> D.withCallbacks(1, 0)),
        invalid("a negative sweep interval", () -> D.withSweepInterval(Duration.ofMillis(-1))),
        invalid("presence metadata under 2 bytes", () -> D.withMaxPresenceMetaBytes(1)));
  }

  private static Arguments invalid(String description, Supplier<HubOptions> options) {
    return arguments(description, options);
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("invalidOptions")
  void refusesInvalidValues(String description, Supplier<HubOptions> options) {
    assertThatIllegalArgumentException().isThrownBy(options::get);
  }
}
