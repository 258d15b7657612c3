package dev.wsm.core;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitOptionsTest {
  private static final LimitOptions D = LimitOptions.DEFAULTS;

  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(LimitOptions.DEFAULTS, defaults(
        "connectionRate", RateLimit.perSecond(10, 20),
        "userRate", RateLimit.perSecond(20, 40),
        "typeRates", Map.of(),
        "maxViolations", 10,
        "violationWindow", Duration.ofSeconds(10),
        "maxErrors", 10,
        "errorWindow", Duration.ofSeconds(60),
        "maxConnectionsPerIp", 100,
        "allowedOrigins", Set.of()));
  }

  @Test
  void noneTurnsEveryLimitOff() {
    LimitOptions none = LimitOptions.NONE;
    assertThat(none.connectionRate().isOff()).isTrue();
    assertThat(none.userRate().isOff()).isTrue();
    assertThat(none.maxViolations()).isZero();
    assertThat(none.maxErrors()).isZero();
    assertThat(none.maxConnectionsPerIp()).isZero();
    assertThat(none.allowedOrigins()).isEmpty();
  }

  @Test
  void withersChangeOnlyTheirOwnValue() {
    RateLimit five = RateLimit.perSecond(5, 5);
    assertThat(D.withConnectionRate(five).withConnectionRate(D.connectionRate())).isEqualTo(D);
    assertThat(D.withConnectionRate(five).connectionRate()).isEqualTo(five);
    assertThat(D.withUserRate(five).userRate()).isEqualTo(five);
    assertThat(D.withUserRate(five).connectionRate()).isEqualTo(D.connectionRate());
    assertThat(D.withTypeRates(Map.of("typing", RateLimit.OFF)).typeRates())
        .containsExactly(Map.entry("typing", RateLimit.OFF));
    LimitOptions violations = D.withMaxViolations(3, Duration.ofSeconds(1));
    assertThat(violations.maxViolations()).isEqualTo(3);
    assertThat(violations.violationWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(violations.maxErrors()).isEqualTo(10);
    LimitOptions errors = D.withMaxErrors(4, Duration.ofSeconds(2));
    assertThat(errors.maxErrors()).isEqualTo(4);
    assertThat(errors.errorWindow()).isEqualTo(Duration.ofSeconds(2));
    assertThat(D.withMaxConnectionsPerIp(0).maxConnectionsPerIp()).isZero();
    assertThat(D.withAllowedOrigins(Set.of("https://a.example", "http://localhost:3000"))
        .allowedOrigins()).containsExactlyInAnyOrder("https://a.example", "http://localhost:3000");
  }

  @Test
  void collectionsAreCopiedSoLaterChangesDoNotLeakIn() {
    Set<String> origins = new HashSet<>(Set.of("https://a.example"));
    LimitOptions options = D.withAllowedOrigins(origins);
    origins.add("https://b.example");
    assertThat(options.allowedOrigins()).containsExactly("https://a.example");
  }

  @Test
  void rateLimitsReadAsTheyWereGiven() {
    assertThat(RateLimit.perSecond(10, 20)).hasToString("10/1s burst 20");
    assertThat(RateLimit.OFF).hasToString("off");
    assertThat(RateLimit.perSecond(10, 20).withBurst(5).burst()).isEqualTo(5);
  }

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        invalid("a rate of zero with a burst", () -> RateLimit.perSecond(0, 5)),
        invalid("a rate with a zero burst", () -> RateLimit.perSecond(5, 0)),
        invalid("a negative rate", () -> RateLimit.perSecond(-1, 5)),
        invalid("a zero period", () -> new RateLimit(1, Duration.ZERO, 1)),
        invalid("a null period", () -> new RateLimit(1, null, 1)),
        invalid("a null connection rate", () -> D.withConnectionRate(null)),
        invalid("a null user rate", () -> D.withUserRate(null)),
        invalid("a type that is not a wire type",
            () -> D.withTypeRates(Map.of("Not A Type", RateLimit.OFF))),
        invalid("negative violations", () -> D.withMaxViolations(-1, Duration.ofSeconds(1))),
        invalid("a zero violation window", () -> D.withMaxViolations(1, Duration.ZERO)),
        invalid("negative errors", () -> D.withMaxErrors(-1, Duration.ofSeconds(1))),
        invalid("a null error window", () -> D.withMaxErrors(1, null)),
        invalid("negative connections per address", () -> D.withMaxConnectionsPerIp(-1)),
        invalid("an origin with a path", () -> D.withAllowedOrigins(Set.of("https://a.example/app"))),
        invalid("an origin without a scheme", () -> D.withAllowedOrigins(Set.of("a.example"))),
        invalid("a wildcard origin", () -> D.withAllowedOrigins(Set.of("*"))));
  }

  private static Arguments invalid(String description, Supplier<Object> options) {
    return arguments(description, options);
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("invalidOptions")
  void refusesInvalidValues(String description, Supplier<Object> options) {
    assertThatIllegalArgumentException().isThrownBy(options::get);
  }
}
