package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.wsm.auth.JwtAuthenticator;
import dev.wsm.auth.JwtOptions;
import dev.wsm.core.spi.AuthResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TokenCommandTest {
  private static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int wsm(String... args) {
    CommandLine cli = WsmCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void tokenPrintsATokenThatTheJwtAuthenticatorAccepts() {
    assertThat(wsm("token", "--user", "alice", "--role", "agent", "--role", "admin", "--ttl", "15m",
        "--secret", SECRET, "--issuer", "me", "--audience", "wsm")).isZero();
    String token = out.toString().trim();
    assertThat(token.split("\\.")).hasSize(3);
    AuthResult result = new JwtAuthenticator(JwtOptions.hmac(SECRET).withIssuer("me").withAudience("wsm"),
        Clock.systemUTC()).check(token);
    assertThat(result).isInstanceOfSatisfying(AuthResult.Accepted.class, accepted -> {
      assertThat(accepted.principal().user().value()).isEqualTo("alice");
      assertThat(accepted.principal().roles()).containsExactlyInAnyOrder("agent", "admin");
    });
    AuthResult later = new JwtAuthenticator(JwtOptions.hmac(SECRET),
        Clock.fixed(Instant.now().plus(Duration.ofMinutes(16)), ZoneOffset.UTC)).check(token);
    assertThat(later).isInstanceOfSatisfying(AuthResult.Refused.class,
        refused -> assertThat(refused.reason()).isEqualTo("invalid token: expired"));
  }

  @Test
  void tokenWithoutASecretExitsWith2AndSaysWhere() {
    assertThat(wsm("token", "--user", "alice")).isEqualTo(2);
    assertThat(err.toString()).startsWith("wsm: a secret is needed: --secret or env WSM_JWT_SECRET")
        .doesNotContain("Exception");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void tokenWithAShortSecretABadTtlOrNoUserExitsWith2() {
    assertThat(wsm("token", "--user", "alice", "--secret", "short")).isEqualTo(2);
    assertThat(err.toString()).contains("at least 32 bytes").doesNotContain("short\n");
    assertThat(wsm("token", "--user", "alice", "--secret", SECRET, "--ttl", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("ttl must look like 30s, 15m, 1h, 7d or PT1H");
    assertThat(wsm("token", "--secret", SECRET)).isEqualTo(2);
    assertThat(err.toString()).contains("--user");
    assertThat(wsm("token", "--user", "bad\u0001id", "--secret", SECRET)).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void ttlsReadShortAndIsoForms() {
    assertThat(TokenCommand.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(TokenCommand.duration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(TokenCommand.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(TokenCommand.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(TokenCommand.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThatIllegalArgumentException().isThrownBy(() -> TokenCommand.duration("0s"));
  }

  @Test
  void serveRefusesAnonymousModeOffLoopbackAndConflictingAuthOptions() {
    assertThat(wsm("serve", "--host", "0.0.0.0", "--port", "0", "--store", "memory")).isEqualTo(2);
    assertThat(err.toString()).contains("development mode").contains("--jwt-secret").contains("--allow-anonymous");
    assertThat(wsm("serve", "--port", "0", "--store", "memory", "--jwt-secret", SECRET,
        "--jwt-public-key", "key.pem")).isEqualTo(2);
    assertThat(err.toString()).contains("give --jwt-secret or --jwt-public-key, not both");
    assertThat(wsm("serve", "--port", "0", "--store", "memory", "--jwt-issuer", "me")).isEqualTo(2);
    assertThat(err.toString()).contains("--jwt-issuer and --jwt-audience need --jwt-secret or --jwt-public-key");
    assertThat(wsm("serve", "--host", "0.0.0.0", "--port", "0", "--store", "memory", "--jwt-secret",
        "too-short-" + "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--jwt-secret: an HMAC secret must be at least 32 bytes")
        .doesNotContain("too-short-x");
    assertThat(wsm("serve", "--port", "0", "--store", "memory", "--jwt-public-key", "no-such-file.pem"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cannot read --jwt-public-key no-such-file.pem");
  }
}
