package dev.wsm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
  @TempDir
  Path dir;

  @Test
  void takesExactlyOneSourceOfKeyMaterial() {
    Path any = Path.of("x");
    assertThatThrownBy(() -> new TlsSettings(null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("either a keystore");
    assertThatThrownBy(() -> new TlsSettings(any, "p", any, any))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> TlsSettings.keystore(any, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    assertThatThrownBy(() -> new TlsSettings(null, null, any, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both the certificate");
  }

  @Test
  void aMissingKeystoreIsNamedInTheError() {
    Path missing = dir.resolve("missing.p12");
    assertThatThrownBy(() -> TlsSettings.keystore(missing, "secret").sslContext())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void unreadablePemFilesAreRefusedNamingTheFile() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "not a certificate");
    Path key = Files.writeString(dir.resolve("k.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsSettings.pem(cert, key).sslContext())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(cert.toString());
    Path goodCertMissingKey = dir.resolve("none.pem");
    assertThatThrownBy(() -> TlsSettings.pem(goodCertMissingKey, key).sslContext())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNamesTheFilesButNeverThePassword() {
    assertThat(TlsSettings.keystore(Path.of("k.p12"), "hunter2").toString())
        .contains("k.p12").doesNotContain("hunter2");
  }
}
