package dev.wsm.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.client.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectAttemptsTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3);
  private final ReconnectAttempts attempts = new ReconnectAttempts(backoff);

  @Test
  void eachAttemptIsCountedAndDelayedWithinItsBackoffCeiling() {
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThat(attempts.next()).isBetween(Duration.ZERO, backoff.ceiling(attempt));
      assertThat(attempts.failed()).isEqualTo(attempt + 1);
    }
  }

  @Test
  void pastTheBackoffsMaxAttemptsThereIsNoNextAttempt() {
    attempts.next();
    attempts.next();
    attempts.next();
    assertThat(attempts.next()).isNull();
    assertThat(attempts.failed()).isEqualTo(3);
  }

  @Test
  void aSuccessfulReconnectStartsTheCountAgain() {
    attempts.next();
    attempts.next();
    attempts.succeeded();
    assertThat(attempts.failed()).isZero();
    assertThat(attempts.next()).isBetween(Duration.ZERO, backoff.ceiling(0));
  }

  @Test
  void whileTheEventQueueDrainsTheWaitIsTheBackoffsBase() {
    assertThat(attempts.drainWait()).isEqualTo(Duration.ofMillis(100));
  }
}
