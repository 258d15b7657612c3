package dev.wsm.transport.netty;

import dev.wsm.core.spi.OutboundFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * The RFC 6455 wire form of an unmasked server frame (FIN set, no extensions), built once per
 * {@link OutboundFrame} in direct memory and shared read-only by every recipient. The buffer is
 * unreleasable: its memory belongs to the JDK's direct buffer and is freed by the garbage collector
 * once no connection holds a duplicate, so no reference counting crosses the fan-out.
 */
final class NettyWire {
  private NettyWire() {}

  static ByteBuf encode(OutboundFrame frame) {
    byte[] payload = frame.payload();
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuffer buf = ByteBuffer.allocateDirect(header + length);
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
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(buf));
  }
}
