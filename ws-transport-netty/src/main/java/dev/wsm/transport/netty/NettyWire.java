package dev.wsm.transport.netty;

import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * The wire form of a server frame, built once per {@link OutboundFrame} in direct memory and shared
 * read-only by every recipient. The buffer is unreleasable: its memory belongs to the JDK's direct
 * buffer and is freed by the garbage collector once no connection holds a duplicate, so no
 * reference counting crosses the fan-out.
 */
final class NettyWire {
  private NettyWire() {}

  static ByteBuf encode(OutboundFrame frame) {
    ByteBuffer buf = ByteBuffer.allocateDirect(WireFormat.serverFrameLength(frame));
    WireFormat.writeServerFrame(frame, buf);
    buf.flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(buf));
  }
}
