package dev.wsm.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The load tool against a server that stops reading (as wsm does under back-pressure): what the
 * socket does not take waits, and leaves in order once the server reads again.
 */
class LoadEngineIT {
  private static final int FRAMES = 8000;
  private static final int PAYLOAD = 1000;

  @Test
  void writesTheSocketDoesNotTakeWaitAndLeaveInOrderWithTheCloseFrameLast() throws Exception {
    CountDownLatch readAgain = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket()) {
      server.setReceiveBufferSize(4096);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
        try (Socket s = server.accept()) {
          DataInputStream in = new DataInputStream(s.getInputStream());
          readUpgrade(in);
          s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          readAgain.await(); // not reading: the tool's socket fills up
          return readFrames(in);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      LoadOptions options = new LoadOptions(URI.create("ws://127.0.0.1:" + server.getLocalPort()
          + "/ws"), "fanout", 0, 1, 1, FRAMES, 0, 100, 1, 0, Duration.ofSeconds(5),
          Duration.ofSeconds(60), null, null, "engine", false);
      List<String> sent = new ArrayList<>();
      try (LoadEngine engine = new LoadEngine(options,
          new Progress(new PrintStream(new ByteArrayOutputStream()), false))) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        engine.connectAll(deadline, false);
        LoadEngine.Conn c = engine.publishers().get(0);
        String padding = "x".repeat(PAYLOAD);
        for (int i = 0; i < FRAMES; i++) {
          String text = i + ":" + padding;
          sent.add(text);
          engine.send(c, LoadEngine.frame(text));
        }
        assertThat(engine.hasPendingWrites()).as("the socket did not take everything").isTrue();
        readAgain.countDown();
      } // close() while writes still wait: its close frame goes after them
      sent.add("close");
      assertThat(received.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(sent);
    }
  }

  private static void readUpgrade(DataInputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the upgrade");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  /** Text payloads until a close frame ("close"), unmasked. */
  private static List<String> readFrames(DataInputStream in) throws IOException {
    List<String> texts = new ArrayList<>();
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long len = b1 & 0x7F;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] mask = new byte[4];
      if ((b1 & 0x80) != 0) {
        in.readFully(mask);
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
      if ((b0 & 0x0F) == ClientFrames.CLOSE) {
        texts.add("close");
        return texts;
      }
      texts.add(new String(payload, StandardCharsets.UTF_8));
    }
  }
}
