package dev.wsm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  private static ByteBuffer frameOf(OutboundFrame f) {
    ByteBuffer buf = ByteBuffer.allocate(WireFormat.serverFrameLength(f));
    WireFormat.writeServerFrame(f, buf);
    assertThat(buf.hasRemaining()).as("the length fits exactly").isFalse();
    return buf.flip();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
  void theLengthIsEncodedInTheShortestFormAndThePayloadFollows(int size) {
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) i;
    }
    ByteBuffer buf = frameOf(OutboundFrame.binary(payload));
    assertThat(buf.get() & 0xFF).as("FIN + binary opcode").isEqualTo(0x82);
    int b1 = buf.get() & 0xFF;
    assertThat(b1 & 0x80).as("server frames are not masked").isZero();
    long length = b1 < 126 ? b1 : b1 == 126 ? buf.getShort() & 0xFFFF : buf.getLong();
    assertThat(b1).isEqualTo(size < 126 ? size : size <= 0xFFFF ? 126 : 127);
    assertThat(length).isEqualTo(size);
    byte[] rest = new byte[buf.remaining()];
    buf.get(rest);
    assertThat(rest).isEqualTo(payload);
  }

  @Test
  void textFramesCarryTheTextOpcode() {
    assertThat(frameOf(OutboundFrame.text("hi")).get(0) & 0xFF).isEqualTo(0x81);
  }

  @Test
  void theRefusalBodyIsValidJsonWhateverTheReason() throws Exception {
    String reason = "bad \"quote\" \\ and \n newline \u0001";
    var node = new ObjectMapper().readTree(WireFormat.refusalJson(429, reason));
    assertThat(node.path("error").path("status").asInt()).isEqualTo(429);
    assertThat(node.path("error").path("message").asText()).isEqualTo(reason);
  }
}
