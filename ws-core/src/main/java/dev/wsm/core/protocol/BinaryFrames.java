package dev.wsm.core.protocol;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary frame layout. Client → server publishes to a room: {@code u16 n, n bytes room name
 * (UTF-8), payload}. Server → client: {@code u16 n, room name (n = 0 for direct or broadcast), u16 m,
 * sender user id (m = 0 for the server), payload}. Lengths are big-endian.
 */
public final class BinaryFrames {
  private BinaryFrames() {}

  /** A decoded client binary frame. */
  public record Inbound(RoomId room, byte[] payload) {}

  public static Inbound decode(ByteBuffer frame) {
    ByteBuffer buf = frame.duplicate();
    try {
      int n = Short.toUnsignedInt(buf.getShort());
      if (n == 0 || n > buf.remaining()) {
        throw invalid();
      }
      byte[] name = new byte[n];
      buf.get(name);
      String room = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(name)).toString();
      byte[] payload = new byte[buf.remaining()];
      buf.get(payload);
      return new Inbound(new RoomId(room), payload);
    } catch (BufferUnderflowException | CharacterCodingException | IllegalArgumentException e) {
      throw invalid();
    }
  }

  /** Encodes a server binary frame; {@code room} and {@code from} may be null. */
  public static OutboundFrame encode(RoomId room, UserId from, byte[] payload) {
    byte[] roomBytes = room == null ? new byte[0] : room.value().getBytes(StandardCharsets.UTF_8);
    byte[] fromBytes = from == null ? new byte[0] : from.value().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(4 + roomBytes.length + fromBytes.length + payload.length);
    buf.putShort((short) roomBytes.length).put(roomBytes);
    buf.putShort((short) fromBytes.length).put(fromBytes);
    buf.put(payload);
    return OutboundFrame.binary(buf.array());
  }

  private static ProtocolException invalid() {
    return new ProtocolException(ErrorCode.INVALID_MESSAGE,
        "binary frame must start with a 2-byte length and a UTF-8 room name", null);
  }
}
