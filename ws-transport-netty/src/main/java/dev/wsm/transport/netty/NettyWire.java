package dev.wsm.transport.netty;

import dev.wsm.core.spi.OutboundFrame;
import io.netty.buffer.ByteBuf;

/**
 * Writes the RFC 6455 frame of a server message (FIN, unmasked, no extensions) into a buffer, as
 * {@link dev.wsm.core.spi.WireFormat} lays it out. Stateless.
 */
final class NettyWire {
  private NettyWire() {}

  /** Writes {@code frame}'s header and payload at {@code dst}'s writer index; dst grows if needed. */
  static void write(OutboundFrame frame, ByteBuf dst) {
    int length = frame.size();
    dst.writeByte(0x80 | (frame.isBinary() ? 0x2 : 0x1));
    if (length < 126) {
      dst.writeByte(length);
    } else if (length <= 0xFFFF) {
      dst.writeByte(126);
      dst.writeShort(length);
    } else {
      dst.writeByte(127);
      dst.writeLong(length);
    }
    dst.writeBytes(frame.payload());
  }
}
