package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BinaryFramesTest {
  private static final byte[] PAYLOAD = {0, 1, (byte) 0xFF, 42};

  /** A client frame: u16 room length, room name bytes, payload. */
  private static ByteBuffer clientFrame(byte[] room, byte[] payload) {
    ByteBuffer buf = ByteBuffer.allocate(2 + room.length + payload.length);
    buf.putShort((short) room.length).put(room).put(payload);
    return buf.flip();
  }

  private static ByteBuffer clientFrame(String room, byte[] payload) {
    return clientFrame(room.getBytes(StandardCharsets.UTF_8), payload);
  }

  /** Reads a length-prefixed UTF-8 string of a server frame. */
  private static String readString(ByteBuffer buf) {
    byte[] bytes = new byte[Short.toUnsignedInt(buf.getShort())];
    buf.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ProtocolException refused(ByteBuffer frame) {
    ProtocolException e =
        catchThrowableOfType(ProtocolException.class, () -> BinaryFrames.decode(frame));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    return e;
  }

  @Test
  void decodesTheRoomAndPayloadOfAClientFrame() {
    BinaryFrames.Inbound inbound = BinaryFrames.decode(clientFrame("lobby", PAYLOAD));

    assertThat(inbound.room()).isEqualTo(RoomId.of("lobby"));
    assertThat(inbound.payload()).containsExactly(PAYLOAD);
  }

  @Test
  void decodesAnEmptyPayload() {
    assertThat(BinaryFrames.decode(clientFrame("lobby", new byte[0])).payload()).isEmpty();
  }

  @Test
  void decodesAMultiByteRoomName() {
    assertThat(BinaryFrames.decode(clientFrame("caf\u00e9-\u6771\u4eac", PAYLOAD)).room())
        .isEqualTo(RoomId.of("caf\u00e9-\u6771\u4eac"));
  }

  @Test
  void decodeLeavesTheCallersBufferUntouched() {
    ByteBuffer frame = clientFrame("lobby", PAYLOAD);

    BinaryFrames.decode(frame);

    assertThat(frame.position()).isZero();
    assertThat(frame.remaining()).isEqualTo(2 + 5 + PAYLOAD.length);
  }

  @Test
  void encodesRoomSenderAndPayload() {
    OutboundFrame frame = BinaryFrames.encode(RoomId.of("caf\u00e9"), UserId.of("ada"), PAYLOAD);

    assertThat(frame.isBinary()).isTrue();
    ByteBuffer buf = ByteBuffer.wrap(frame.payload());
    assertThat(readString(buf)).isEqualTo("caf\u00e9");
    assertThat(readString(buf)).isEqualTo("ada");
    byte[] payload = new byte[buf.remaining()];
    buf.get(payload);
    assertThat(payload).containsExactly(PAYLOAD);
  }

  @Test
  void encodesZeroLengthsForADirectFrameFromTheServer() {
    OutboundFrame frame = BinaryFrames.encode(null, null, PAYLOAD);

    ByteBuffer buf = ByteBuffer.wrap(frame.payload());
    assertThat(buf.getShort()).isZero();
    assertThat(buf.getShort()).isZero();
    assertThat(buf.remaining()).isEqualTo(PAYLOAD.length);
  }

  @Test
  void roomAndPayloadSurviveARoundTrip() {
    RoomId room = RoomId.of("r".repeat(128));
    byte[] payload = new byte[70_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }

    BinaryFrames.Inbound inbound = BinaryFrames.decode(clientFrame(room.value(), payload));
    ByteBuffer out = ByteBuffer.wrap(
        BinaryFrames.encode(inbound.room(), UserId.of("ada"), inbound.payload()).payload());

    assertThat(RoomId.of(readString(out))).isEqualTo(room);
    assertThat(readString(out)).isEqualTo("ada");
    byte[] echoed = new byte[out.remaining()];
    out.get(echoed);
    assertThat(echoed).isEqualTo(payload);
  }

  @Test
  void refusesAnEmptyFrame() {
    refused(ByteBuffer.allocate(0));
  }

  @Test
  void refusesAFrameTooShortForTheLength() {
    refused(ByteBuffer.wrap(new byte[] {0}));
  }

  @Test
  void refusesARoomLengthLargerThanTheFrame() {
    refused(ByteBuffer.wrap(new byte[] {0, 10, 'a', 'b', 'c'}));
    refused(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 'a'}));
  }

  @Test
  void refusesAZeroLengthRoom() {
    refused(clientFrame(new byte[0], PAYLOAD));
  }

  @Test
  void refusesARoomNameThatIsNotUtf8() {
    refused(clientFrame(new byte[] {(byte) 0xC3, 0x28}, PAYLOAD));
    refused(clientFrame(new byte[] {'a', (byte) 0xFF}, PAYLOAD));
    refused(clientFrame(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, PAYLOAD));
  }

  @Test
  void refusesARoomNameThatIsNotAValidRoomId() {
    refused(clientFrame("bad\nroom", PAYLOAD));
    refused(clientFrame("r".repeat(129), PAYLOAD));
  }
}
