package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.auth.TicketLedger.Outcome;
import dev.wsm.auth.internal.InMemoryTicketLedger;
import dev.wsm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryTicketLedgerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void anIdIsRedeemedOnce() {
    InMemoryTicketLedger ledger = new InMemoryTicketLedger(TicketOptions.DEFAULTS, clock);
    Instant exp = clock.instant().plusSeconds(30);
    assertThat(ledger.redeem("a", exp)).isEqualTo(Outcome.FIRST_USE);
    assertThat(ledger.redeem("a", exp)).isEqualTo(Outcome.USED_BEFORE);
    assertThat(ledger.redeem("b", exp)).isEqualTo(Outcome.FIRST_USE);
  }

  @Test
  void aFullLedgerRefusesUntilIdsExpire() {
    InMemoryTicketLedger ledger = new InMemoryTicketLedger(TicketOptions.DEFAULTS.withLedgerCapacity(2), clock);
    Instant exp = clock.instant().plusSeconds(30);
    ledger.redeem("a", exp);
    ledger.redeem("b", exp);
    assertThat(ledger.redeem("c", exp)).isEqualTo(Outcome.FULL);
    assertThat(ledger.redeem("a", exp)).as("a used id is still known").isEqualTo(Outcome.USED_BEFORE);
    clock.advance(Duration.ofSeconds(30));
    assertThat(ledger.redeem("c", clock.instant().plusSeconds(30))).isEqualTo(Outcome.FIRST_USE);
    assertThat(ledger.size()).isEqualTo(1);
  }
}
