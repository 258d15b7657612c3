package dev.wsm.transport.netty;

import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/** Writes server frames into a connection's outgoing batch in {@link WireFormat}'s layout. */
final class NettyWire {
  /** Each event loop's scratch for one frame header. */
  private static final FastThreadLocal<byte[]> HEADER = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[WireFormat.MAX_HEADER_BYTES];
    }
  };

  private NettyWire() {}

  /** Writes {@code frame}'s header and payload at {@code dst}'s writer index; dst grows if needed. */
  static void write(OutboundFrame frame, ByteBuf dst) {
    byte[] header = HEADER.get();
    dst.writeBytes(header, 0, WireFormat.writeServerFrameHeader(frame, header));
    dst.writeBytes(frame.payload());
  }
}
