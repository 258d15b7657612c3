package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsm serve --tls-…}: the built jar serving {@code wss://}, and its errors. */
class ServeTlsIT {
  private static final Pattern URL = Pattern.compile("serving (wss://\\S+)");

  @TempDir
  Path work;

  @Test
  void serveWithAKeystoreServesWssToAClientThatTrustsTheCertificate() throws Exception {
    TestCertificates certs = TestCertificates.generate(work);
    Path stdout = Files.createTempFile("wsm-serve-tls", ".out");
    Process wsm = WsmProcess.start(work, stdout, "serve", "--port", "0", "--store", "memory",
        "--tls-keystore", certs.keystore().toString(), "--tls-password", certs.password());
    try {
      String line = WsmProcess.firstLine(stdout, Duration.ofSeconds(20));
      Matcher m = URL.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      CompletableFuture<String> first = new CompletableFuture<>();
      WebSocket ws = HttpClient.newBuilder().sslContext(certs.trustingClient()).build()
          .newWebSocketBuilder()
          .buildAsync(URI.create(m.group(1) + "?user=alice"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              first.complete(data.toString());
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      assertThat(first.get(10, TimeUnit.SECONDS)).contains("\"welcome\"");
      ws.abort();
    } finally {
      wsm.destroyForcibly();
      Files.deleteIfExists(stdout);
    }
  }

  @Test
  void aWrongKeystorePasswordExitsWithTwoAndOneClearLine() throws Exception {
    TestCertificates certs = TestCertificates.generate(work);
    Process wsm = WsmProcess.start(work, null, "serve", "--port", "0", "--store", "memory",
        "--tls-keystore", certs.keystore().toString(), "--tls-password", "not-the-password-42");
    assertThat(wsm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(wsm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(wsm.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("wsm: cannot read the TLS keystore").doesNotContain("Exception")
        .doesNotContain("not-the-password-42");
  }
}
