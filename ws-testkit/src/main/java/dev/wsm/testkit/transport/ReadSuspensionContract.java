package dev.wsm.testkit.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import dev.wsm.core.CoreModule;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.Transport;
import dev.wsm.core.spi.TransportHandler;
import dev.wsm.core.spi.TransportSession;
import dev.wsm.core.spi.TlsSettings;
import dev.wsm.testkit.RawWebSocket;
import dev.wsm.testkit.TestCertificates;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TransportSession#suspendReads()} and {@link TransportSession#resumeReads()} on the
 * transport alone (a recording handler instead of the core): a suspended session's client frames
 * are not handled until it is resumed, then all of them arrive, in order; sends, pings and closes
 * work while it is suspended; a suspended session with unread bytes does not keep the transport
 * busy.
 */
public abstract class ReadSuspensionContract extends TransportContract {
  /** How long nothing must arrive to count as "not read". */
  private static final Duration QUIET = Duration.ofMillis(400);
  private static final int CONTINUATION = 0;

  private Transport transport;

  /** Records what the transport hands over; suspends a session's reads on the text "stop". */
  private static final class Recorder implements TransportHandler {
    final CompletableFuture<TransportSession> opened = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final List<String> texts = new CopyOnWriteArrayList<>();
    /** Suspend in onOpen, before the client may send anything. */
    final boolean suspendOnOpen;

    Recorder(boolean suspendOnOpen) {
      this.suspendOnOpen = suspendOnOpen;
    }

    @Override
    public AuthResult onHandshake(Handshake handshake) {
      return AuthResult.accept(Principal.of(UserId.of("u")));
    }

    @Override
    public void onOpen(TransportSession session, Principal principal) {
      if (suspendOnOpen) {
        session.suspendReads();
        session.suspendReads(); // idempotent: one resume undoes both
        session.send(OutboundFrame.text("suspended"));
      }
      opened.complete(session);
    }

    @Override
    public void onText(TransportSession session, String text) {
      texts.add(text);
      if (text.equals("stop")) { // on the session's own transport thread
        session.suspendReads();
        session.send(OutboundFrame.text("suspended"));
      }
    }

    @Override
    public void onBinary(TransportSession session, ByteBuffer data) {}

    @Override
    public void onPong(TransportSession session, ByteBuffer payload) {}

    @Override
    public void onClose(TransportSession session, int code, String reason, boolean remote) {
      closed.complete(code);
    }
  }

  private URI startTransport(Recorder recorder) {
    return startTransport(recorder, TransportSettings.DEFAULTS);
  }

  private URI startTransport(Recorder recorder, TransportSettings settings) {
    transport = Guice.createInjector(new CoreModule(FAST),
        fixture().transport(settings)).getInstance(Transport.class);
    transport.start(recorder);
    return URI.create((settings.tls() == null ? "ws" : "wss") + "://127.0.0.1:"
        + transport.address().getPort() + transport.path());
  }

  @AfterEach
  void stopTransport() {
    if (transport != null) {
      transport.stop(Duration.ofSeconds(2));
    }
  }

  private static void awaitText(RawWebSocket client, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      RawWebSocket.Frame f = client.read(Duration.ofSeconds(5));
      assertThat(f).as("a frame before '" + text + "'").isNotNull();
      if (f.opcode() == RawWebSocket.Frame.TEXT && f.text().equals(text)) {
        return;
      }
    }
    throw new AssertionError("no '" + text + "' within 5 s");
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static List<String> numbered(String prefix, int n) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add(prefix + i);
    }
    return texts;
  }

  @Test
  public void framesSentWhileSuspendedAreHandledOnlyAfterTheResumeAllOfThemInOrder()
      throws Exception {
    Recorder recorder = new Recorder(true);
    URI uri = startTransport(recorder);
    try (RawWebSocket client = RawWebSocket.connect(uri)) {
      awaitText(client, "suspended");
      List<String> sent = numbered("m", 500);
      for (String text : sent) {
        client.sendText(text);
      }
      Thread.sleep(QUIET.toMillis());
      assertThat(recorder.texts).as("handled while suspended").isEmpty();

      TransportSession session = recorder.opened.get(5, TimeUnit.SECONDS);
      session.resumeReads(); // from another thread than the transport's
      session.resumeReads(); // idempotent
      awaitTrue(() -> recorder.texts.size() >= sent.size());
      assertThat(recorder.texts).containsExactlyElementsOf(sent);
    }
  }

  @Test
  public void aSessionSuspendedWhileHandlingAFrameReadsNothingSentAfterwardsUntilResumed()
      throws Exception {
    Recorder recorder = new Recorder(false);
    URI uri = startTransport(recorder);
    try (RawWebSocket client = RawWebSocket.connect(uri)) {
      List<String> before = numbered("a", 200);
      client.sendText("stop");
      for (String text : before) { // may arrive in the same read as "stop"
        client.sendText(text);
      }
      awaitText(client, "suspended");
      Thread.sleep(QUIET.toMillis()); // what was read with "stop" has been handled by now
      List<String> handled = List.copyOf(recorder.texts);
      List<String> after = numbered("b", 200);
      for (String text : after) {
        client.sendText(text);
      }
      Thread.sleep(QUIET.toMillis());
      assertThat(recorder.texts).as("nothing read while suspended").isEqualTo(handled);

      recorder.opened.get(5, TimeUnit.SECONDS).resumeReads();
      List<String> all = new ArrayList<>(List.of("stop"));
      all.addAll(before);
      all.addAll(after);
      awaitTrue(() -> recorder.texts.size() >= all.size());
      assertThat(recorder.texts).containsExactlyElementsOf(all);
    }
  }

  @Test
  public void aMessageSentInFragmentsWhileSuspendedIsReassembledAfterTheResume() throws Exception {
    Recorder recorder = new Recorder(false);
    URI uri = startTransport(recorder);
    try (RawWebSocket client = RawWebSocket.connect(uri)) {
      client.sendText("stop");
      // Likely in the same read as "stop": the fragments wait wherever the transport holds frames.
      client.sendFrame(false, RawWebSocket.Frame.TEXT, "frag-".getBytes(UTF_8));
      client.sendFrame(false, CONTINUATION, "ment-".getBytes(UTF_8));
      client.sendFrame(true, CONTINUATION, "end".getBytes(UTF_8));
      client.sendText("after");
      awaitText(client, "suspended");
      Thread.sleep(QUIET.toMillis());
      assertThat(recorder.texts).as("handled while suspended").containsExactly("stop");

      recorder.opened.get(5, TimeUnit.SECONDS).resumeReads();
      awaitTrue(() -> recorder.texts.size() >= 3);
      assertThat(recorder.texts).containsExactly("stop", "frag-ment-end", "after");
    }
  }

  @Test
  public void overTlsFramesSentWhileSuspendedAreHandledOnlyAfterTheResumeAllOfThemInOrder(
      @TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.generate(dir);
    Recorder recorder = new Recorder(true);
    URI uri = startTransport(recorder, TransportSettings.DEFAULTS
        .withTls(TlsSettings.keystore(certs.keystore(), certs.password())));
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket client = HttpClient.newBuilder().sslContext(certs.trustingClient()).build()
        .newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            first.complete(data.toString());
            ws.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    try {
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("suspended");
      List<String> sent = numbered("m", 500);
      for (String text : sent) {
        client.sendText(text, true).get(5, TimeUnit.SECONDS);
      }
      Thread.sleep(QUIET.toMillis());
      assertThat(recorder.texts).as("handled while suspended").isEmpty();

      recorder.opened.get(5, TimeUnit.SECONDS).resumeReads();
      awaitTrue(() -> recorder.texts.size() >= sent.size());
      assertThat(recorder.texts).containsExactlyElementsOf(sent);
    } finally {
      client.abort();
    }
  }

  @Test
  public void aSuspendedSessionWithUnreadBytesDoesNotKeepTheTransportBusy() throws Exception {
    Recorder recorder = new Recorder(true);
    URI uri = startTransport(recorder);
    try (RawWebSocket client = RawWebSocket.connect(uri)) {
      awaitText(client, "suspended");
      for (String text : numbered("m", 1000)) { // unread, in the server's socket buffer
        client.sendText(text);
      }
      TransportSession session = recorder.opened.get(5, TimeUnit.SECONDS);
      Thread.sleep(QUIET.toMillis());

      long before = otherThreadsCpuNanos();
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) { // sends make some transports watch the socket again
        session.send(OutboundFrame.text("tick"));
        Thread.sleep(20);
      }
      long cpu = otherThreadsCpuNanos() - before;
      long wall = System.nanoTime() - start;
      // A transport that polls a socket it does not read would take a whole core: ~100 %.
      assertThat((double) cpu / wall).as("CPU of the other threads over %d ms", wall / 1_000_000)
          .isLessThan(0.25);
      assertThat(recorder.texts).isEmpty();
    }
  }

  /** CPU time of every live thread but the caller's (the one running the test). */
  private static long otherThreadsCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      long cpu = id == self ? -1 : threads.getThreadCpuTime(id);
      if (cpu > 0) {
        total += cpu;
      }
    }
    return total;
  }

  @Test
  public void sendsPingsAndClosesWorkWhileReadsAreSuspended() throws Exception {
    Recorder recorder = new Recorder(false);
    URI uri = startTransport(recorder);
    try (RawWebSocket client = RawWebSocket.connect(uri)) {
      TransportSession session = recorder.opened.get(5, TimeUnit.SECONDS);
      session.suspendReads(); // from another thread than the transport's
      Thread.sleep(QUIET.toMillis());
      client.sendText("unheard");

      session.send(OutboundFrame.text("hello"));
      session.ping(new byte[] {1, 2, 3});
      awaitText(client, "hello");
      RawWebSocket.Frame ping = client.read(Duration.ofSeconds(5));
      assertThat(ping).isNotNull();
      assertThat(ping.opcode()).isEqualTo(RawWebSocket.Frame.PING);
      assertThat(ping.payload()).containsExactly(1, 2, 3);
      Thread.sleep(QUIET.toMillis());
      assertThat(recorder.texts).as("handled while suspended").isEmpty();

      long start = System.nanoTime();
      session.close(4100, "bye");
      RawWebSocket.Frame close = client.readUntilClose(Duration.ofSeconds(5));
      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(4100);
      try {
        client.sendFrame(true, RawWebSocket.Frame.CLOSE, close.payload());
      } catch (java.io.IOException e) {
        // a transport may drop the connection once its close frame is out, without the answer
      }
      // A transport that waits for the peer's close answer reads it although reads were
      // suspended: the close completes well before the close timeout (3 s) would drop it.
      assertThat(recorder.closed.get(5, TimeUnit.SECONDS)).isEqualTo(4100);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }
}
