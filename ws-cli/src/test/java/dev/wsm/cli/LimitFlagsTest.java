package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.wsm.core.LimitOptions;
import dev.wsm.core.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class LimitFlagsTest {

  private static LimitOptions parse(String... args) {
    LimitFlags flags = new LimitFlags();
    new CommandLine(flags).parseArgs(args);
    return flags.toOptions();
  }

  @Test
  void noFlagsGiveTheCoreDefaults() {
    assertThat(parse()).isEqualTo(LimitOptions.DEFAULTS);
  }

  @Test
  void everyFlagReachesItsOption() {
    LimitOptions o = parse("--rate-limit", "5/s", "--rate-burst", "7",
        "--user-rate-limit", "600/m", "--user-rate-burst", "30",
        "--type-rate-limit", "typing=2/s:3", "--type-rate-limit", "ping=off",
        "--type-rate-limit", "publish=100/h",
        "--max-rate-violations", "0", "--max-protocol-errors", "4",
        "--max-connections-per-ip", "0",
        "--allowed-origin", "https://a.example", "--allowed-origin", "http://localhost:3000,https://b.example");
    assertThat(o.connectionRate()).isEqualTo(RateLimit.perSecond(5, 7));
    assertThat(o.userRate()).isEqualTo(new RateLimit(600, Duration.ofMinutes(1), 30));
    assertThat(o.typeRates()).containsOnly(
        java.util.Map.entry("typing", RateLimit.perSecond(2, 3)),
        java.util.Map.entry("ping", RateLimit.OFF),
        java.util.Map.entry("publish", new RateLimit(100, Duration.ofHours(1), 7)));
    assertThat(o.maxViolations()).isZero();
    assertThat(o.maxErrors()).isEqualTo(4);
    assertThat(o.maxConnectionsPerIp()).isZero();
    assertThat(o.allowedOrigins())
        .containsExactlyInAnyOrder("https://a.example", "http://localhost:3000", "https://b.example");
  }

  @Test
  void offTurnsARateLimitOff() {
    assertThat(parse("--rate-limit", "off", "--user-rate-limit", "OFF").connectionRate().isOff())
        .isTrue();
  }

  @ParameterizedTest(name = "{0} {1} is refused naming the flag")
  @CsvSource(delimiter = ';', value = {
      "--rate-limit; 10; --rate-limit must be N/s",
      "--rate-limit; 10/x; --rate-limit must be N/s",
      "--rate-limit; 0/s; --rate-limit must be N/s",
      "--rate-limit; -1/s; --rate-limit must be N/s",
      "--rate-burst; 0; the burst must be at least 1",
      "--user-rate-limit; fast; --user-rate-limit must be N/s",
      "--type-rate-limit; typing; --type-rate-limit must be TYPE=RATE[:BURST]",
      "--type-rate-limit; Typing Now=1/s; typeRates: a message type",
      "--max-rate-violations; -1; maxViolations must be at least 0",
      "--max-protocol-errors; -2; maxErrors must be at least 0",
      "--max-connections-per-ip; -1; maxConnectionsPerIp must be at least 0",
      "--allowed-origin; https://a.example/path; an allowed origin is scheme://host[:port]",
      "--allowed-origin; *; an allowed origin is scheme://host[:port]"})
  void badValuesAreRefusedWithAClearMessage(String flag, String value, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse(flag, value))
        .withMessageContaining(message);
  }
}
