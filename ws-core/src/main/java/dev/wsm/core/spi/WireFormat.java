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

  /** Writes the server frame of {@code frame} into {@code dst}, which must have room for it. */
  public static void writeServerFrame(OutboundFrame frame, ByteBuffer dst) {
    int length = frame.size();
    dst.put((byte) (0x80 | (frame.isBinary() ? 0x2 : 0x1)));
    if (length < 126) {
      dst.put((byte) length);
    } else if (length <= 0xFFFF) {
      dst.put((byte) 126);
      dst.putShort((short) length);
    } else {
      dst.put((byte) 127);
      dst.putLong(length);
    }
    dst.put(frame.payload());
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
