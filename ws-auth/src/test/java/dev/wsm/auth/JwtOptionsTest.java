package dev.wsm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtOptionsTest {
  @Test
  void defaultsArePinned() {
    JwtOptions options = JwtOptions.hmac("k".repeat(32));
    assertThat(options.algorithms()).containsExactly("HS256");
    assertThat(options.issuer()).isEmpty();
    assertThat(options.audience()).isEmpty();
    assertThat(options.leeway()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.userClaim()).isEqualTo("sub");
    assertThat(options.rolesClaim()).isEqualTo("roles");
    assertThat(JwtOptions.class.getRecordComponents()).hasSize(7);
  }

  @Test
  void aLongerSecretAllowsTheLongerHmacs() {
    assertThat(JwtOptions.hmac("k".repeat(48)).algorithms()).containsExactlyInAnyOrder("HS256", "HS384");
    assertThat(JwtOptions.hmac("k".repeat(64)).algorithms()).containsExactlyInAnyOrder("HS256", "HS384", "HS512");
  }

  @Test
  void aSecretShorterThan256BitsIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.hmac("k".repeat(31)))
        .withMessageContaining("at least 32 bytes");
  }

  @Test
  void algorithmsArePinnedToTheKeyType() {
    JwtOptions rsa = JwtOptions.publicKeyPem(Jwts.pem(Jwts.RSA));
    assertThat(rsa.algorithms()).containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    assertThat(JwtOptions.publicKeyPem(Jwts.pem(Jwts.EC)).algorithms()).containsExactly("ES256");
    assertThatIllegalArgumentException().isThrownBy(() -> rsa.withAlgorithms(Set.of("HS256")));
    assertThatIllegalArgumentException().isThrownBy(() -> rsa.withAlgorithms(Set.of("none")));
    assertThatIllegalArgumentException().isThrownBy(() -> rsa.withAlgorithms(Set.of()));
    assertThat(rsa.withAlgorithms(Set.of("RS256")).algorithms()).containsExactly("RS256");
  }

  @Test
  void aSmallRsaKeyIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.of(generator.generateKeyPair().getPublic()))
        .withMessageContaining("2048");
  }

  @Test
  void pemMustHoldAPublicKey() {
    assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.publicKeyPem("hello"))
        .withMessageContaining("BEGIN PUBLIC KEY");
    assertThatIllegalArgumentException().isThrownBy(() -> JwtOptions.publicKeyPem(
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
  }

  @Test
  void withersSetTheirValueAndAreChecked() {
    JwtOptions options = JwtOptions.hmac("k".repeat(32)).withIssuer("iss").withAudience("aud")
        .withLeeway(Duration.ofSeconds(5)).withUserClaim("uid").withRolesClaim("groups");
    assertThat(options.issuer()).isEqualTo(Optional.of("iss"));
    assertThat(options.audience()).isEqualTo(Optional.of("aud"));
    assertThat(options.leeway()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.userClaim()).isEqualTo("uid");
    assertThat(options.rolesClaim()).isEqualTo("groups");
    assertThatIllegalArgumentException().isThrownBy(() -> options.withLeeway(Duration.ofMinutes(6)));
    assertThatIllegalArgumentException().isThrownBy(() -> options.withIssuer(" "));
    assertThatIllegalArgumentException().isThrownBy(() -> options.withUserClaim(""));
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(JwtOptions.hmac("super-secret-value-0123456789abcdef").toString())
        .doesNotContain("super-secret");
    assertThat(TicketOptions.DEFAULTS.withSecret("super-secret-value-0123456789abcdef").toString())
        .doesNotContain("super-secret");
  }
}
