package dev.wsm.core.spi;

import java.nio.ByteBuffer;

/**
 * Byte layouts every transport writes the same way: the RFC 6455 frame of an unmasked server message
 * (FIN set, no extensions) and the JSON body of a refused upgrade. Stateless.
 */
public final class WireFormat {
  private WireFormat() {}

  /** Bytes of the whole server frame (header + payload) of {@code frame}. */
  public static int serverFrameLength(OutboundFrame frame) {
    int length = frame.size();
    return (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10) + length;
  }

  /** The longest header {@link #writeServerFrameHeader} writes. */
  public static final int MAX_HEADER_BYTES = 10;

  /** Writes the server frame of {@code frame} into {@code dst}, which must have room for it. */
  public static void writeServerFrame(OutboundFrame frame, ByteBuffer dst) {
    byte[] header = new byte[MAX_HEADER_BYTES];
    dst.put(header, 0, writeServerFrameHeader(frame, header));
    dst.put(frame.payload());
  }

  /**
   * Writes the header of {@code frame}'s server frame (2, 4 or 10 bytes: FIN, the opcode, the
   * payload length) at the start of {@code dst}, which has at least {@link #MAX_HEADER_BYTES}, and
   * returns its length; the payload follows it on the wire.
   */
  public static int writeServerFrameHeader(OutboundFrame frame, byte[] dst) {
    int length = frame.size();
    dst[0] = (byte) (0x80 | (frame.isBinary() ? 0x2 : 0x1));
    if (length < 126) {
      dst[1] = (byte) length;
      return 2;
    }
    if (length <= 0xFFFF) {
      dst[1] = (byte) 126;
      dst[2] = (byte) (length >>> 8);
      dst[3] = (byte) length;
      return 4;
    }
    dst[1] = (byte) 127;
    for (int i = 0; i < 8; i++) {
      dst[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
    }
    return 10;
  }

  /** {@code {"error":{"status":…,"message":…}}}, the body of an HTTP refusal of an upgrade. */
  public static String refusalJson(int status, String reason) {
    StringBuilder out = new StringBuilder(reason.length() + 48)
        .append("{\"error\":{\"status\":").append(status).append(",\"message\":\"");
    for (char ch : reason.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    return out.append("\"}}").toString();
  }
}
