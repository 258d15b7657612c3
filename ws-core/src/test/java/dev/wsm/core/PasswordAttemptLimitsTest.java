package dev.wsm.core;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordAttemptLimitsTest {
  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(PasswordAttemptLimits.DEFAULTS, defaults(
        "maxFailures", 5,
        "window", Duration.ofMinutes(1),
        "maxTracked", 100_000));
  }

  @Test
  void withersSetTheirValue() {
    assertThat(PasswordAttemptLimits.DEFAULTS.withMaxFailures(3).withWindow(Duration.ofSeconds(10))
        .withMaxTracked(7)).isEqualTo(new PasswordAttemptLimits(3, Duration.ofSeconds(10), 7));
  }

  @Test
  void nonPositiveValuesAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> PasswordAttemptLimits.DEFAULTS.withMaxFailures(0));
    assertThatIllegalArgumentException().isThrownBy(() -> PasswordAttemptLimits.DEFAULTS.withWindow(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> PasswordAttemptLimits.DEFAULTS.withMaxTracked(0));
  }
}
