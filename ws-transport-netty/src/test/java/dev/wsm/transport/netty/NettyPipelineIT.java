package dev.wsm.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.UserId;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.TransportHandler;
import dev.wsm.core.spi.TransportSession;
import dev.wsm.testkit.RawWebSocket;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each connection's channel holds once upgraded: its handlers and its read settings. */
class NettyPipelineIT {
  private final BlockingQueue<NettySession> opened = new LinkedBlockingQueue<>();
  /** Texts received, and binary messages as {@code "binary: "} and their UTF-8 text. */
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private NettyTransport transport;
  private URI uri;

  @BeforeEach
  void start() {
    transport = new NettyTransport(NettyOptions.DEFAULTS.withHost("127.0.0.1").withPort(0));
    transport.start(new Recorder());
    uri = URI.create("ws://127.0.0.1:" + transport.address().getPort() + transport.path());
  }

  @AfterEach
  void stop() {
    transport.stop(Duration.ofSeconds(1));
  }

  @Test
  void aConnectionGetsAFragmentAggregatorOnlyWhenItFirstSendsAMessageInFragments()
      throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(uri)) {
      Channel channel = open().channel();
      assertThat(channel.pipeline().names())
          .contains(FrameHandler.NAME).doesNotContain(FrameHandler.AGGREGATOR);

      raw.sendText("whole");
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("whole");
      assertThat(channel.pipeline().names()).doesNotContain(FrameHandler.AGGREGATOR);

      raw.sendFrame(false, RawWebSocket.Frame.TEXT, bytes("frag"));
      raw.sendFrame(false, 0, bytes("men"));
      raw.sendFrame(true, 0, bytes("ted"));
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("fragmented");
      assertThat(channel.pipeline().names())
          .containsSubsequence(FrameHandler.AGGREGATOR, FrameHandler.NAME);

      raw.sendFrame(false, RawWebSocket.Frame.TEXT, bytes("again, "));
      raw.sendFrame(true, 0, bytes("in two"));
      raw.sendText("then whole");
      raw.sendFrame(false, RawWebSocket.Frame.BINARY, bytes("bin"));
      raw.sendFrame(true, 0, bytes("ary"));
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("again, in two");
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("then whole");
      assertThat(texts.poll(5, TimeUnit.SECONDS)).isEqualTo("binary: binary");
    }
  }

  @Test
  void everyConnectionSharesOneAdaptiveReceiveBufferSizerOfSixteenReadsPerWakeUp()
      throws Exception {
    try (RawWebSocket first = RawWebSocket.connect(uri);
        RawWebSocket second = RawWebSocket.connect(uri)) {
      RecvByteBufAllocator one = open().channel().config().getRecvByteBufAllocator();
      RecvByteBufAllocator two = open().channel().config().getRecvByteBufAllocator();

      assertThat(one).isSameAs(two).isInstanceOf(AdaptiveRecvByteBufAllocator.class);
      assertThat(((MaxMessagesRecvByteBufAllocator) one).maxMessagesPerRead()).isEqualTo(16);
    }
  }

  private NettySession open() throws InterruptedException {
    NettySession session = opened.poll(5, TimeUnit.SECONDS);
    assertThat(session).as("an opened connection").isNotNull();
    return session;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Accepts every handshake and records the opened sessions and the messages received. */
  private final class Recorder implements TransportHandler {
    @Override
    public AuthResult onHandshake(Handshake handshake) {
      return AuthResult.accept(Principal.of(UserId.of("u")));
    }

    @Override
    public void onOpen(TransportSession session, Principal principal) {
      opened.add((NettySession) session);
    }

    @Override
    public void onText(TransportSession session, String text) {
      texts.add(text);
    }

    @Override
    public void onBinary(TransportSession session, ByteBuffer data) {
      texts.add("binary: " + StandardCharsets.UTF_8.decode(data));
    }

    @Override
    public void onPong(TransportSession session, ByteBuffer payload) {}

    @Override
    public void onClose(TransportSession session, int code, String reason, boolean remote) {}
  }
}
