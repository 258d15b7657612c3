package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The limits on the HTTP upgrade: a handshake must complete within the handshake timeout (default
 * 10 s), the request line and headers must fit the header limit (8 KiB), handshakes in progress
 * are capped, and the permessage-deflate extension is not accepted. Real sockets; the slow-client
 * test drives its 1,000 sockets from one thread.
 */
public abstract class HandshakeLimitsContract extends TransportContract {

  @Test
  public void aThousandDribblingHandshakesAreClosedWithinElevenSecondsWhileANormalClientConnects()
      throws Exception {
    try (TestServer server = start(FAST, TransportSettings.DEFAULTS);
        SlowHandshakes slow = SlowHandshakes.connect(address(server), 1000)) {
      AtomicLong connectNanos = new AtomicLong(-1);
      SlowHandshakes.Outcome outcome = slow.run(Duration.ofSeconds(13), Duration.ofSeconds(4),
          () -> {
            long t0 = System.nanoTime();
            try (TestClient c = server.connect("normal")) {
              connectNanos.set(System.nanoTime() - t0);
            }
          });
      assertThat(outcome.closed()).as("slow handshakes closed").isEqualTo(1000);
      assertThat(outcome.slowestClose()).isLessThanOrEqualTo(Duration.ofSeconds(11));
      assertThat(Duration.ofNanos(connectNanos.get())).isPositive()
          .isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  public void anIdleSocketIsClosedAfterAShortConfiguredHandshakeTimeout() throws Exception {
    TransportSettings settings = TransportSettings.DEFAULTS.withHandshakeTimeout(Duration.ofSeconds(1));
    try (TestServer server = start(FAST, settings);
        Socket idle = new Socket("127.0.0.1", address(server).getPort())) {
      long t0 = System.nanoTime();
      idle.setSoTimeout(5000);
      assertThat(readUntilClosed(idle.getInputStream())).isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).isGreaterThan(Duration.ofMillis(800)).isLessThan(Duration.ofMillis(2000));
    }
  }

  @Test
  public void socketsBeyondThePendingHandshakeCapAreClosedAtOnce() throws Exception {
    TransportSettings settings = TransportSettings.DEFAULTS.withMaxPendingHandshakes(20);
    try (TestServer server = start(FAST, settings)) {
      int port = address(server).getPort();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          idle.add(new Socket("127.0.0.1", port));
        }
        Thread.sleep(300); // let the server accept them all
        try (Socket extra = new Socket("127.0.0.1", port)) {
          extra.setSoTimeout(1000);
          assertThat(readUntilClosed(extra.getInputStream())).as("closed at once").isTrue();
        }
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (true) { // the places free up as the server sees the idle sockets close
        try (TestClient c = server.connect("normal")) {
          assertThat(c.isOpen()).isTrue();
          break;
        } catch (RuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }
  }

  @Test
  public void headersOverEightKibAreRefusedWithAnHttpErrorAndTheConnectionIsClosed()
      throws Exception {
    try (TestServer server = start();
        Socket socket = new Socket("127.0.0.1", address(server).getPort())) {
      socket.setSoTimeout(5000);
      String response = handshake(socket, server.uri("big"), "X-Pad: " + "a".repeat(9000) + "\r\n");
      assertThat(response.substring(0, Math.max(0, response.indexOf("\r\n"))))
          .matches("HTTP/1\\.1 (431|400) .*");
      assertThat(readUntilClosed(socket.getInputStream())).isTrue();
    }
  }

  @Test
  public void headersJustUnderTheLimitAreAccepted() throws Exception {
    try (TestServer server = start();
        Socket socket = new Socket("127.0.0.1", address(server).getPort())) {
      socket.setSoTimeout(5000);
      String response = handshake(socket, server.uri("wide"), "X-Pad: " + "a".repeat(7000) + "\r\n");
      assertThat(response).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  public void thePermessageDeflateOfferIsNotAccepted() throws Exception {
    try (TestServer server = start();
        Socket socket = new Socket("127.0.0.1", address(server).getPort())) {
      socket.setSoTimeout(5000);
      String head = handshake(socket, server.uri("deflate"),
          "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
      assertThat(head).startsWith("HTTP/1.1 101");
      assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
    }
  }

  private static InetSocketAddress address(TestServer server) {
    URI uri = server.withQuery("");
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  /** Sends an upgrade request with extra header lines; returns the whole response head. */
  private static String handshake(Socket socket, URI uri, String extraHeaders) throws IOException {
    String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + uri.getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Reads and discards until end of stream (true) or the socket's read timeout (false). */
  private static boolean readUntilClosed(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    try {
      while (in.read(buf) >= 0) {
        // discard what the server sends before it closes
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }
}
