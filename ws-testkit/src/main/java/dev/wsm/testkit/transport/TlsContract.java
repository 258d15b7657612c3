package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wsm.core.spi.TlsSettings;
import dev.wsm.testkit.TestCertificates;
import dev.wsm.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://}: a transport given a keystore or PEM files serves TLS; a client that trusts the
 * certificate (the JDK's HttpClient WebSocket) is welcomed, one that does not is refused in the TLS
 * handshake. The certificate is made at test time with keytool ({@link TestCertificates}).
 */
public abstract class TlsContract extends TransportContract {
  @TempDir
  static Path dir;
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCertificates.generate(dir);
  }

  @Test
  public void aClientTrustingTheCertificateIsWelcomedOverTlsFromAKeystore() throws Exception {
    TlsSettings tls = TlsSettings.keystore(certs.keystore(), certs.password());
    try (TestServer server = start(FAST, TransportSettings.DEFAULTS.withTls(tls))) {
      assertThat(firstMessage(wss(server, "alice"), HttpClient.newBuilder()
          .sslContext(certs.trustingClient()).build())).contains("\"welcome\"");
    }
  }

  @Test
  public void aClientTrustingTheCertificateIsWelcomedOverTlsFromPemFiles() throws Exception {
    TlsSettings tls = TlsSettings.pem(certs.certificatePem(), certs.privateKeyPem());
    try (TestServer server = start(FAST, TransportSettings.DEFAULTS.withTls(tls))) {
      assertThat(firstMessage(wss(server, "bob"), HttpClient.newBuilder()
          .sslContext(certs.trustingClient()).build())).contains("\"welcome\"");
    }
  }

  @Test
  public void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    TlsSettings tls = TlsSettings.keystore(certs.keystore(), certs.password());
    try (TestServer server = start(FAST, TransportSettings.DEFAULTS.withTls(tls))) {
      Throwable failure = catchThrowable(() -> firstMessage(wss(server, "carol"),
          HttpClient.newHttpClient()));
      assertThat(failure).isNotNull();
    }
  }

  /** The hub's own URL for {@code user}, which must say {@code wss}. */
  private static URI wss(TestServer server, String user) {
    URI uri = server.uri(user);
    assertThat(uri.getScheme()).isEqualTo("wss");
    return uri;
  }

  /** Connects and returns the first text message, or fails within 10 s. */
  private static String firstMessage(URI uri, HttpClient client) throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            first.complete(data.toString());
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    try {
      return first.get(10, TimeUnit.SECONDS);
    } finally {
      ws.abort();
    }
  }
}
