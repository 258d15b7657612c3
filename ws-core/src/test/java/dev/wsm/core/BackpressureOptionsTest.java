package dev.wsm.core;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class BackpressureOptionsTest {

  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(BackpressureOptions.DEFAULTS, defaults(
        "maxPendingPerConnection", 64,
        "maxPendingPerNode", 8192));
  }

  @Test
  void limitsBelowOneAreRefusedNamingTheOption() {
    assertThatIllegalArgumentException().isThrownBy(() -> new BackpressureOptions(0, 10))
        .withMessage("maxPendingPerConnection must be at least 1 (was 0)");
    assertThatIllegalArgumentException().isThrownBy(() -> new BackpressureOptions(1, -5))
        .withMessage("maxPendingPerNode must be at least 1 (was -5)");
  }

  @Test
  void aConnectionsLimitAboveTheNodesIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new BackpressureOptions(100, 99))
        .withMessage("maxPendingPerConnection (100) must not be above maxPendingPerNode (99)");
  }
}
