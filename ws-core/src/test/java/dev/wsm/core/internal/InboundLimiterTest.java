package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.RateLimit;
import dev.wsm.core.UserId;
import dev.wsm.core.internal.InboundLimiter.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundLimiterTest {
  private static final UserId ALICE = new UserId("alice");
  private static final Duration HOUR = Duration.ofHours(1);

  /** Slow refill (1 per hour) so that only the burst counts within a test. */
  private static RateLimit burstOf(long burst) {
    return new RateLimit(1, HOUR, burst);
  }

  private static List<Verdict> admit(InboundLimiter limiter, ConnectionId c, String type, int n) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      verdicts.add(limiter.admit(c, type));
    }
    return verdicts;
  }

  @Test
  void aConnectionGetsItsBurstThenIsLimited() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withConnectionRate(burstOf(3)));
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    assertThat(admit(limiter, c, "publish", 5)).containsExactly(Verdict.ALLOWED, Verdict.ALLOWED,
        Verdict.ALLOWED, Verdict.LIMITED, Verdict.LIMITED);
  }

  @Test
  void theNthViolationWithinTheWindowAsksToClose() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withConnectionRate(burstOf(1))
        .withMaxViolations(3, HOUR));
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    assertThat(admit(limiter, c, "ping", 4)).containsExactly(Verdict.ALLOWED, Verdict.LIMITED,
        Verdict.LIMITED, Verdict.CLOSE);
  }

  @Test
  void theNthProtocolErrorWithinTheWindowAsksToClose() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withMaxErrors(2, HOUR));
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    assertThat(limiter.protocolError(c)).isFalse();
    assertThat(limiter.protocolError(c)).isTrue();
  }

  @Test
  void withNoThresholdErrorsNeverClose() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE);
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.protocolError(c)).isFalse();
    }
  }

  @Test
  void aUsersConnectionsShareOneBucket() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withUserRate(burstOf(4)));
    ConnectionId a = ConnectionId.random();
    ConnectionId b = ConnectionId.random();
    ConnectionId other = ConnectionId.random();
    limiter.opened(a, ALICE);
    limiter.opened(b, ALICE);
    limiter.opened(other, new UserId("bob"));
    assertThat(admit(limiter, a, "publish", 2)).containsOnly(Verdict.ALLOWED);
    assertThat(admit(limiter, b, "publish", 3)).containsExactly(Verdict.ALLOWED, Verdict.ALLOWED,
        Verdict.LIMITED);
    assertThat(limiter.admit(other, "publish")).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void aUsersBucketGoesWithItsLastConnection() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withUserRate(burstOf(1)));
    ConnectionId a = ConnectionId.random();
    ConnectionId b = ConnectionId.random();
    limiter.opened(a, ALICE);
    limiter.opened(b, ALICE);
    assertThat(limiter.admit(a, "ping")).isEqualTo(Verdict.ALLOWED);
    limiter.closed(a, ALICE);
    assertThat(limiter.userBuckets()).isEqualTo(1);
    assertThat(limiter.admit(b, "ping")).as("the bucket is still shared").isEqualTo(Verdict.LIMITED);
    limiter.closed(b, ALICE);
    limiter.closed(b, ALICE); // a second close of the same connection changes nothing
    assertThat(limiter.userBuckets()).isZero();
  }

  @Test
  void manyUsersComingAndGoingLeaveNoBucketsBehind() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.DEFAULTS);
    for (int i = 0; i < 10_000; i++) {
      ConnectionId c = ConnectionId.random();
      UserId user = new UserId("u" + i);
      limiter.opened(c, user);
      limiter.admit(c, "publish");
      limiter.closed(c, user);
    }
    assertThat(limiter.userBuckets()).isZero();
  }

  @Test
  void aListedTypeHasItsOwnBucketAndAnOffTypeIsExemptFromEveryLimit() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE
        .withConnectionRate(burstOf(1))
        .withUserRate(burstOf(3))
        .withTypeRates(Map.of("typing", burstOf(2), "ping", RateLimit.OFF)));
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    assertThat(admit(limiter, c, "ping", 50)).containsOnly(Verdict.ALLOWED);
    assertThat(admit(limiter, c, "typing", 3)).containsExactly(Verdict.ALLOWED, Verdict.ALLOWED,
        Verdict.LIMITED);
    assertThat(admit(limiter, c, "publish", 2)).containsExactly(Verdict.ALLOWED, Verdict.LIMITED)
        .as("the user bucket (3) is spent by typing 2 and publish 1");
  }

  @Test
  void tokensComeBackAtTheConfiguredRate() throws Exception {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE
        .withConnectionRate(new RateLimit(1, Duration.ofMillis(100), 1)));
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    assertThat(limiter.admit(c, "ping")).isEqualTo(Verdict.ALLOWED);
    assertThat(limiter.admit(c, "ping")).isEqualTo(Verdict.LIMITED);
    Thread.sleep(150);
    assertThat(limiter.admit(c, "ping")).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void anUnknownConnectionIsNotLimited() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.DEFAULTS);
    assertThat(limiter.admit(ConnectionId.random(), "publish")).isEqualTo(Verdict.ALLOWED);
    assertThat(limiter.protocolError(ConnectionId.random())).isFalse();
  }

  @Test
  void withEveryRateLimitOffEachConnectionStillCountsItsOwnProtocolErrors() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withMaxErrors(2, HOUR));
    ConnectionId a = ConnectionId.random();
    ConnectionId b = ConnectionId.random();
    limiter.opened(a, ALICE);
    limiter.opened(b, ALICE);

    assertThat(limiter.admit(a, "publish")).isEqualTo(Verdict.ALLOWED);
    assertThat(limiter.protocolError(a)).isFalse();
    assertThat(limiter.protocolError(b)).as("a's error is not b's").isFalse();
    assertThat(limiter.protocolError(a)).isTrue();
    assertThat(limiter.protocolError(b)).isTrue();
  }

  @Test
  void withEveryRateLimitOffNoUserBucketIsKeptAndAClosedConnectionLeavesNothing() {
    InboundLimiter limiter = new InboundLimiter(LimitOptions.NONE.withMaxErrors(2, HOUR));
    ConnectionId c = ConnectionId.random();
    limiter.opened(c, ALICE);
    assertThat(limiter.userBuckets()).isZero();
    assertThat(limiter.connectionBuckets()).isEqualTo(1);

    limiter.closed(c, ALICE);
    assertThat(limiter.protocolError(c)).as("an error after the close").isFalse();
    assertThat(limiter.connectionBuckets()).isZero();
    assertThat(limiter.userBuckets()).isZero();
  }
}
