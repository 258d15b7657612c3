package dev.wsm.core.internal;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryStoreOptionsTest {
  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(InMemoryStoreOptions.DEFAULTS, defaults(
        "historyPerRoom", 1000,
        "inboxPerUser", 1000,
        "inboxMaxAge", Duration.ofHours(24)));
  }

  @Test
  void acceptsTheSmallestAllowedValues() {
    assertThatCode(() -> new InMemoryStoreOptions(1, 1, Duration.ofNanos(1)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAHistoryOrInboxSmallerThanOne() {
    Duration day = Duration.ofDays(1);
    assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryStoreOptions(0, 10, day));
    assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryStoreOptions(10, 0, day));
    assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryStoreOptions(-1, 10, day));
  }

  @Test
  void refusesAMaxAgeThatIsNotPositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new InMemoryStoreOptions(10, 10, Duration.ZERO));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new InMemoryStoreOptions(10, 10, Duration.ofSeconds(-1)));
    assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryStoreOptions(10, 10, null));
  }
}
