package dev.wsm.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Where a transport's TLS ({@code wss://}) key and certificate come from: a PKCS12 or JKS keystore
 * with its password, or PEM files (a certificate chain, and an unencrypted PKCS#8 private key,
 * {@code -----BEGIN PRIVATE KEY-----}, RSA or EC). Immutable; exactly one of the two sources.
 * Nothing is read until {@link #sslContext()}.
 *
 * @param keystore a PKCS12 or JKS file holding one private key entry, or null
 * @param keystorePassword the keystore's (and its key's) password; required with a keystore
 * @param certificateChain a PEM file with the server certificate first, or null
 * @param privateKey a PEM file with the certificate's private key, or null
 */
public record TlsSettings(Path keystore, String keystorePassword, Path certificateChain,
    Path privateKey) {

  public TlsSettings {
    boolean store = keystore != null;
    boolean pem = certificateChain != null || privateKey != null;
    if (store == pem) {
      throw new IllegalArgumentException(
          "TLS needs either a keystore (with its password) or a PEM certificate and key, not both");
    }
    if (store && keystorePassword == null) {
      throw new IllegalArgumentException("a TLS keystore needs its password");
    }
    if (pem && (certificateChain == null || privateKey == null)) {
      throw new IllegalArgumentException("PEM TLS needs both the certificate and the private key");
    }
  }

  /** TLS from a PKCS12 or JKS keystore. */
  public static TlsSettings keystore(Path file, String password) {
    return new TlsSettings(file, password, null, null);
  }

  /** TLS from PEM files: the certificate chain and its unencrypted PKCS#8 private key. */
  public static TlsSettings pem(Path certificateChain, Path privateKey) {
    return new TlsSettings(null, null, certificateChain, privateKey);
  }

  /**
   * Reads the key material and returns a server TLS context (protocols as the JDK enables them,
   * TLS 1.2 and 1.3). Throws IllegalArgumentException naming the file when it is missing,
   * unreadable, of the wrong format or the password is wrong.
   */
  public SSLContext sslContext() {
    try {
      KeyStore keys = keystore != null ? loadKeystore() : loadPem();
      char[] password = keystore != null ? keystorePassword.toCharArray() : new char[0];
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private KeyStore loadKeystore() throws GeneralSecurityException {
    try {
      // Java 9+ detects PKCS12 and JKS from the file itself.
      return KeyStore.getInstance(keystore.toFile(), keystorePassword.toCharArray());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS keystore " + keystore + ": "
          + e.getMessage() + " (wrong password, or not a PKCS12/JKS file?)", e);
    }
  }

  private KeyStore loadPem() throws GeneralSecurityException {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(certificateChain)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the PEM certificate " + certificateChain
          + ": " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + certificateChain);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    store.setKeyEntry("wsm", readPrivateKey(), new char[0], chain.toArray(new Certificate[0]));
    return store;
  }

  private PrivateKey readPrivateKey() {
    String text;
    try {
      text = Files.readString(privateKey, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the PEM private key " + privateKey + ": "
          + e.getMessage(), e);
    }
    String begin = "-----BEGIN PRIVATE KEY-----";
    int from = text.indexOf(begin);
    int to = text.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(privateKey + " holds no unencrypted PKCS#8 key (-----BEGIN "
          + "PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(privateKey + " is not valid PEM: " + e.getMessage(), e);
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(privateKey + " holds a private key that is not RSA, EC or "
        + "Ed25519");
  }

  @Override
  public String toString() {
    return keystore != null ? "TlsSettings[keystore=" + keystore + "]"
        : "TlsSettings[certificateChain=" + certificateChain + ", privateKey=" + privateKey + "]";
  }
}
