package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.UserId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FullQuotasTest {
  private static final UserId ADA = UserId.of("ada");
  private final AtomicLong now = new AtomicLong(1_000);
  private final FullQuotas full = new FullQuotas(now::get);

  @Test
  void aUserTheQuotaRefusedIsFullUntilTheMarkExpires() {
    full.userFull(ADA);

    assertThat(full.isUserFull(ADA)).isTrue();
    now.addAndGet(FullQuotas.TTL_NANOS - 1);
    assertThat(full.isUserFull(ADA)).isTrue();
    now.addAndGet(1);
    assertThat(full.isUserFull(ADA)).isFalse();
    assertThat(full.size()).as("an expired mark is dropped when read").isZero();
  }

  @Test
  void aCountedConnectionClosingHereClearsTheUserAndItsAddress() {
    full.userFull(ADA);
    full.addressFull("203.0.113.7");

    full.freed(ADA, "203.0.113.7");

    assertThat(full.isUserFull(ADA)).isFalse();
    assertThat(full.isAddressFull("203.0.113.7")).isFalse();
  }

  @Test
  void anUnknownOrMissingAddressIsNotFull() {
    assertThat(full.isAddressFull(null)).isFalse();
    assertThat(full.isAddressFull("198.51.100.1")).isFalse();
  }

  @Test
  void marksAreBoundedAndExpiredOnesMakeRoom() {
    for (int i = 0; i < FullQuotas.MAX_ENTRIES + 5; i++) {
      full.userFull(UserId.of("u" + i));
    }
    assertThat(full.size()).isEqualTo(FullQuotas.MAX_ENTRIES);
    assertThat(full.isUserFull(UserId.of("u" + FullQuotas.MAX_ENTRIES))).as("not kept").isFalse();

    now.addAndGet(FullQuotas.TTL_NANOS);
    full.userFull(ADA);

    assertThat(full.isUserFull(ADA)).isTrue();
    assertThat(full.size()).isEqualTo(1);
  }
}
