package dev.wsm.transport.javawebsocket;

import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.WireFormat;
import java.nio.ByteBuffer;

/**
 * The wire form of a server frame, built once per {@link OutboundFrame}; every recipient gets a
 * duplicate of the same read-only buffer.
 */
final class WireFrames {
  private WireFrames() {}

  static ByteBuffer encode(OutboundFrame frame) {
    ByteBuffer buf = ByteBuffer.allocate(WireFormat.serverFrameLength(frame));
    WireFormat.writeServerFrame(frame, buf);
    buf.flip();
    return buf.asReadOnlyBuffer();
  }
}
