package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
  private static final UserId ADA = UserId.of("ada");
  private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final ResumeOptions options = ResumeOptions.DEFAULTS.withSessionValidity(Duration.ofHours(1));
  private final SessionTokens tokens = new SessionTokens(options, clock);

  @Test
  void aTokenIsAcceptedForItsOwnUserWithinItsValidity() {
    String token = tokens.issue(ADA);
    clock.advance(Duration.ofMinutes(59));

    assertThatCode(() -> tokens.verify(token, ADA)).doesNotThrowAnyException();
  }

  @Test
  void aTokenIsRefusedForAnotherUser() {
    assertInvalid(tokens.issue(ADA), UserId.of("eve"), "another user");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = tokens.issue(ADA);
    clock.advance(Duration.ofMinutes(61));

    assertInvalid(token, ADA, "expired");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String foreign = new SessionTokens(options.withSecret(ResumeOptions.randomSecret()), clock)
        .issue(ADA);

    assertInvalid(foreign, ADA, "not genuine");
  }

  @Test
  void aTokenWithAChangedUserOrTimeIsRefused() {
    String[] parts = tokens.issue(ADA).split("\\.");
    String laterIssue = String.join(".", parts[0], parts[1], parts[2],
        String.valueOf(Long.parseLong(parts[3]) + 3_600_000), parts[4]);

    assertInvalid(laterIssue, ADA, "not genuine");
  }

  @Test
  void garbageIsRefusedAsMalformed() {
    for (String garbage : new String[] {"", "v1", "v1.a.b.c.d.e", "v2.YWRh.x.1.AAAA", "v1.YWRh.x.1.!!",
        "x".repeat(600)}) {
      assertInvalid(garbage, ADA, "");
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends java.time.Clock {
    private Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private void assertInvalid(String token, UserId user, String messagePart) {
    assertThatThrownBy(() -> tokens.verify(token, user))
        .isInstanceOfSatisfying(WsException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.code())
                .isEqualTo(ErrorCode.INVALID_SESSION))
        .hasMessageContaining(messagePart);
  }
}
