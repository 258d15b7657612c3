package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TicketOptionsTest {
  @Test
  void defaultsArePinned() {
    assertThat(TicketOptions.DEFAULTS.key().getEncoded()).hasSize(32);
    assertThat(TicketOptions.DEFAULTS.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(TicketOptions.DEFAULTS.ledgerCapacity()).isEqualTo(100_000);
    assertThat(TicketOptions.class.getRecordComponents()).hasSize(3);
  }

  @Test
  void badValuesAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> TicketOptions.DEFAULTS.withSecret("short"));
    assertThatIllegalArgumentException().isThrownBy(() -> TicketOptions.DEFAULTS.withTtl(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> TicketOptions.DEFAULTS.withTtl(Duration.ofMinutes(11)));
    assertThatIllegalArgumentException().isThrownBy(() -> TicketOptions.DEFAULTS.withLedgerCapacity(0));
  }
}
