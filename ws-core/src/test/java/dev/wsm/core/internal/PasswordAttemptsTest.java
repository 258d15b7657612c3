package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.PasswordAttemptLimits;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PasswordAttemptsTest {
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final RoomId VAULT = RoomId.of("vault");

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();
  private final PasswordAttempts attempts = new PasswordAttempts(PasswordAttemptLimits.DEFAULTS, clock);

  @Test
  void theSixthAttemptWithinAMinuteIsRefused() {
    for (int i = 0; i < 5; i++) {
      assertThat(attempts.tryAttempt(ALICE, VAULT)).isTrue();
    }
    assertThat(attempts.tryAttempt(ALICE, VAULT)).isFalse();
    assertThat(attempts.tryAttempt(BOB, VAULT)).as("another user").isTrue();
    assertThat(attempts.tryAttempt(ALICE, RoomId.of("other"))).as("another room").isTrue();
  }

  @Test
  void attemptsLeaveTheWindowAfterAMinute() {
    for (int i = 0; i < 5; i++) {
      attempts.tryAttempt(ALICE, VAULT);
      clock.now = clock.now.plusSeconds(10);
    }
    assertThat(attempts.tryAttempt(ALICE, VAULT)).isFalse();
    clock.now = clock.now.plusSeconds(11);
    assertThat(attempts.tryAttempt(ALICE, VAULT)).as("the first attempt is over a minute old").isTrue();
    assertThat(attempts.tryAttempt(ALICE, VAULT)).isFalse();
  }

  @Test
  void aRightPasswordForgetsTheFailures() {
    for (int i = 0; i < 4; i++) {
      attempts.tryAttempt(ALICE, VAULT);
    }
    attempts.succeeded(ALICE, VAULT);
    for (int i = 0; i < 5; i++) {
      assertThat(attempts.tryAttempt(ALICE, VAULT)).isTrue();
    }
  }

  @Test
  void theLeastRecentlyFailedPairIsForgottenBeyondTheCap() {
    PasswordAttempts small = new PasswordAttempts(PasswordAttemptLimits.DEFAULTS.withMaxFailures(1)
        .withMaxTracked(2), clock);
    small.tryAttempt(ALICE, VAULT);
    small.tryAttempt(BOB, VAULT);
    small.tryAttempt(UserId.of("carol"), VAULT);
    assertThat(small.tryAttempt(BOB, VAULT)).isFalse();
    assertThat(small.tryAttempt(ALICE, VAULT)).as("forgotten").isTrue();
  }
}
