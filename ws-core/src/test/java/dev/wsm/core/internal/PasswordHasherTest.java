package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1000);

  @Test
  void verifiesTheRightPassword() {
    String hash = hasher.hash("correct horse");

    assertThat(hasher.verify("correct horse", hash)).isTrue();
  }

  @Test
  void refusesAWrongPassword() {
    String hash = hasher.hash("correct horse");

    assertThat(hasher.verify("correct horse ", hash)).isFalse();
    assertThat(hasher.verify("Correct horse", hash)).isFalse();
    assertThat(hasher.verify("x", hash)).isFalse();
  }

  @Test
  void verifiesUnicodePasswords() {
    String password = "p\u00e4ss \u6771\u4eac \ud83d\udd11";

    assertThat(hasher.verify(password, hasher.hash(password))).isTrue();
    assertThat(hasher.verify("pass", hasher.hash(password))).isFalse();
  }

  @Test
  void hashIncludesItsParameters() {
    String[] parts = hasher.hash("secret").split("\\$");

    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(parts[1]).isEqualTo("1000");
    assertThat(Base64.getDecoder().decode(parts[2])).as("salt").hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).as("key").hasSize(32);
  }

  @Test
  void hashNeverContainsThePassword() {
    assertThat(hasher.hash("plain-text-secret")).doesNotContain("plain-text-secret");
  }

  @Test
  void twoHashesOfTheSamePasswordDiffer() {
    assertThat(hasher.hash("secret")).isNotEqualTo(hasher.hash("secret"));
  }

  @Test
  void verifiesHashesMadeWithOtherIterationCounts() {
    String older = new PasswordHasher(2000).hash("secret");

    assertThat(older).startsWith("pbkdf2-sha256$2000$");
    assertThat(hasher.verify("secret", older)).isTrue();
    assertThat(hasher.verify("other", older)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "garbage",
      "$$$",
      "md5$1000$c2FsdHNhbHRzYWx0c2FsdA$a2V5",
      "pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA$a2V5",
      "pbkdf2-sha256$1000$not base64!$a2V5",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$not base64!",
      "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$a2V5",
      "pbkdf2-sha256$-1$c2FsdHNhbHRzYWx0c2FsdA$a2V5",
      "pbkdf2-sha256$1000$$a2V5",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$a2V5$extra",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$a2V5"})
  void garbageHashGivesFalse(String encoded) {
    assertThat(hasher.verify("secret", encoded)).isFalse();
  }

  @Test
  void aStoredHashWithAnAbsurdIterationCountIsRefusedWithoutComputingIt() {
    assertThat(hasher.verify("secret",
        "pbkdf2-sha256$2000000000$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"))
        .isFalse();
    assertThat(hasher.verify("secret", "pbkdf2-sha256$10$c2FsdHNhbHRzYWx0c2FsdA$a2V5")).isFalse();
  }

  @Test
  void theConstructorRefusesAnIterationCountOutOfBounds() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new PasswordHasher(0));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new PasswordHasher(10_000_001));
  }
}
