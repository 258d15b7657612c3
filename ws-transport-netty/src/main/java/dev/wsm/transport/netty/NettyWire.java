package dev.wsm.transport.netty;

import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.WireFormat;
import io.netty.buffer.ByteBuf;

/** Writes server frames into a connection's outgoing batch in {@link WireFormat}'s layout. */
final class NettyWire {
  private NettyWire() {}

  /**
   * Writes {@code frame}'s header and payload at {@code dst}'s writer index (dst grows if needed),
   * using {@code header}, of {@link WireFormat#MAX_HEADER_BYTES}, as scratch.
   */
  static void write(OutboundFrame frame, ByteBuf dst, byte[] header) {
    dst.writeBytes(header, 0, WireFormat.writeServerFrameHeader(frame, header));
    dst.writeBytes(frame.payload());
  }
}
