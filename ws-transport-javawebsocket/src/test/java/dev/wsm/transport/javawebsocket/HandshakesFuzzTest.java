package dev.wsm.transport.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsm.core.spi.Handshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;

/**
 * Coverage-guided fuzzing (Jazzer) of the upgrade request as this transport reads it:
 * Java-WebSocket's request parser, then {@link Handshakes#parse}. The library refuses with its
 * documented handshake exceptions (the connection is closed); what it accepts, {@code parse}
 * turns into a {@link Handshake} or refuses with IllegalArgumentException (answered with 400).
 */
class HandshakesFuzzTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

  // No CR or LF in entries: Jazzer writes them unescaped into libFuzzer's dictionary file.
  @DictionaryEntries({"GET ", " HTTP/1.1", "/ws", "/ws?user=", "&", "=", "%", "%2", "+",
      "Host: a", "Upgrade: websocket", "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"})
  @FuzzTest(maxDuration = "15s")
  void everyRequestBecomesAHandshakeOrADocumentedRefusal(byte[] input) {
    Handshakedata parsed;
    try {
      parsed = new Draft_6455().translateHandshake(ByteBuffer.wrap(input));
    } catch (InvalidHandshakeException | IncompleteHandshakeException e) {
      return; // the library refuses the request or waits for more
    }
    if (!(parsed instanceof ClientHandshake request)) {
      return; // a response, not a request: the library closes the connection
    }
    try {
      Handshake handshake = Handshakes.parse(request, PEER);
      assertThat(handshake.path()).isNotNull();
      assertThat(handshake.query()).doesNotContainKey(null);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
