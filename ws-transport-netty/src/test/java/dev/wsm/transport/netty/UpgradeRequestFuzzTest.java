package dev.wsm.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.TransportHandler;
import dev.wsm.core.spi.TransportSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of what a client sends before its upgrade, through the real
 * pre-upgrade pipeline ({@link NettyTransport#handshakePipeline}): whatever the bytes, the server
 * upgrades, answers with an HTTP status, or waits for more; it never closes without an answer and
 * nothing escapes the pipeline. The handshake decision accepts every well-formed request, so the
 * upgrade path is fuzzed too.
 */
class UpgradeRequestFuzzTest {
  private static final NettyOptions OPTIONS = NettyOptions.DEFAULTS;
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
  private static final ChannelGroup CHANNELS =
      new DefaultChannelGroup("fuzz", ImmediateEventExecutor.INSTANCE);

  // No CR or LF in entries: Jazzer writes them unescaped into libFuzzer's dictionary file.
  @DictionaryEntries({"GET ", " HTTP/1.1", "/ws", "/ws?user=", "&", "=", "%", "%2",
      "Host: a", "Upgrade: websocket", "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Version: 8", "Content-Length: ", "Transfer-Encoding: chunked",
      "Expect: 100-continue", "Sec-WebSocket-Extensions: permessage-deflate"})
  @FuzzTest(maxDuration = "15s")
  void everyRequestIsUpgradedAnsweredOrAwaitsMoreBytes(byte[] input) {
    EmbeddedChannel channel = new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return PEER; // a socket's address, as the transport's channels have
      }
    };
    NettyTransport.handshakePipeline(channel, null, OPTIONS, UpgradeHandler.frameLimits(OPTIONS),
        new AcceptAll(), CHANNELS, new PendingHandshakes(Integer.MAX_VALUE));
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(input));
      channel.checkException();
      if (!channel.isOpen()) {
        ByteBuf answer = channel.readOutbound();
        assertThat(answer).as("an answer before the close").isNotNull();
        String head = answer.toString(StandardCharsets.US_ASCII);
        answer.release();
        assertThat(head).startsWith("HTTP/1.1 ");
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /** A core that accepts every handshake and ignores the rest. */
  private static final class AcceptAll implements TransportHandler {
    @Override
    public AuthResult onHandshake(Handshake handshake) {
      return AuthResult.accept(Principal.of(UserId.of("fuzz")));
    }

    @Override
    public void onOpen(TransportSession session, Principal principal) {}

    @Override
    public void onText(TransportSession session, String text) {}

    @Override
    public void onBinary(TransportSession session, ByteBuffer data) {}

    @Override
    public void onPong(TransportSession session, ByteBuffer payload) {}

    @Override
    public void onClose(TransportSession session, int code, String reason, boolean remote) {}
  }
}
