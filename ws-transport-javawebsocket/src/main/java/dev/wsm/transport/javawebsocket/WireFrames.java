package dev.wsm.transport.javawebsocket;

import dev.wsm.core.spi.OutboundFrame;
import java.nio.ByteBuffer;

/**
 * Builds the RFC 6455 wire form of an unmasked server frame (FIN set, no extensions), once per
 * {@link OutboundFrame}; every recipient gets a duplicate of the same read-only buffer.
 */
final class WireFrames {
  private WireFrames() {}

  static ByteBuffer encode(OutboundFrame frame) {
    byte[] payload = frame.payload();
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuffer buf = ByteBuffer.allocate(header + length);
    buf.put((byte) (0x80 | (frame.isBinary() ? 0x2 : 0x1)));
    if (length < 126) {
      buf.put((byte) length);
    } else if (length <= 0xFFFF) {
      buf.put((byte) 126);
      buf.putShort((short) length);
    } else {
      buf.put((byte) 127);
      buf.putLong(length);
    }
    buf.put(payload);
    buf.flip();
    return buf.asReadOnlyBuffer();
  }
}
