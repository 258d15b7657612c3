package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Coverage-guided fuzzing of session-token verification (Jazzer): whatever a client sends as a
 * {@code resume} session, verification ends in {@code invalid_session} or succeeds, and a forged
 * token never succeeds.
 */
class SessionTokensFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T09:30:00Z"), ZoneOffset.UTC);
  private static final SessionTokens TOKENS =
      new SessionTokens(ResumeOptions.DEFAULTS.withSecret("fuzzing-secret-0123456789abcdef-0123456789"), CLOCK);
  private static final UserId ALICE = UserId.of("alice");
  private static final String GENUINE = TOKENS.issue(ALICE);

  @DictionaryEntries({"v1.", "YWxpY2U", ".", "-", "_", "="})
  @FuzzTest(maxDuration = "15s")
  void everyTokenIsAcceptedOnlyIfGenuineAndOtherwiseRefusedAsInvalidSession(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    try {
      TOKENS.verify(token, ALICE);
      assertThat(token).as("only the genuine token verifies").isEqualTo(GENUINE);
    } catch (WsException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION);
    }
  }
}
