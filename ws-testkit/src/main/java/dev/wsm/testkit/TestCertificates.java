package dev.wsm.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made at test time with the
 * JDK's {@code keytool}, in the forms a server takes it (a PKCS12 keystore; PEM certificate and
 * PKCS#8 key) and a client context that trusts only it. For tests only: the key is fresh, weak in
 * lifetime (2 days) and its password is in the code.
 *
 * @param keystore the PKCS12 keystore
 * @param password the keystore's and the key's password
 * @param certificatePem the certificate as PEM
 * @param privateKeyPem the private key as unencrypted PKCS#8 PEM
 */
public record TestCertificates(Path keystore, String password, Path certificatePem,
    Path privateKeyPem) {
  private static final String PASSWORD = "test-only-password";
  private static final String ALIAS = "wsm-test";

  /** Generates a key pair and certificate into {@code dir} (RSA 2048, runs keytool once). */
  public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
    Path keystore = dir.resolve("wsm-test.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
        "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try {
      KeyStore store = KeyStore.getInstance(keystore.toFile(), PASSWORD.toCharArray());
      Key key = store.getKey(ALIAS, PASSWORD.toCharArray());
      Certificate cert = store.getCertificate(ALIAS);
      Path certPem = dir.resolve("wsm-test.crt");
      Path keyPem = dir.resolve("wsm-test.key");
      Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
      return new TestCertificates(keystore, PASSWORD, certPem, keyPem);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the keystore keytool made", e);
    }
  }

  /** A client TLS context that trusts this certificate and nothing else. */
  public SSLContext trustingClient() {
    try (InputStream in = Files.newInputStream(certificatePem)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the trusting client context", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
