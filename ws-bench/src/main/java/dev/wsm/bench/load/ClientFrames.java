package dev.wsm.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Client-side framing for the load tool. Client frames must be masked; the tool uses the all-zero
 * mask key, which RFC 6455 allows and which makes masking free. Server frames are parsed without
 * copying: the caller scans the payload in place.
 */
public final class ClientFrames {
  public static final int TEXT = 1;
  public static final int CLOSE = 8;
  public static final int PING = 9;
  public static final int PONG = 10;

  private ClientFrames() {}

  /** Appends a masked (zero key) frame to {@code out}, which must have room. */
  public static void write(ByteBuffer out, int opcode, byte[] payload) {
    int len = payload.length;
    out.put((byte) (0x80 | opcode));
    if (len < 126) {
      out.put((byte) (0x80 | len));
    } else if (len <= 0xFFFF) {
      out.put((byte) (0x80 | 126));
      out.putShort((short) len);
    } else {
      out.put((byte) (0x80 | 127));
      out.putLong(len);
    }
    out.putInt(0); // mask key 0: payload bytes go as they are
    out.put(payload);
  }

  /**
   * The header length of the (unmasked) server frame at {@code buf}'s position, which has at least
   * 2 bytes: 2, 4 or 10; 0 while the rest of the header has not arrived.
   */
  public static int headerLength(ByteBuffer buf) {
    int b1 = buf.get(buf.position() + 1) & 0x7F;
    int header = b1 == 126 ? 4 : b1 == 127 ? 10 : 2;
    return buf.remaining() < header ? 0 : header;
  }

  /** The payload length of the frame at {@code buf}'s position, whose header is complete. */
  public static long payloadLength(ByteBuffer buf, int headerLength) {
    int start = buf.position();
    return switch (headerLength) {
      case 2 -> buf.get(start + 1) & 0x7F;
      case 4 -> buf.getShort(start + 2) & 0xFFFF;
      default -> buf.getLong(start + 2);
    };
  }

  public static int frameSize(int payloadLength) {
    return payloadLength + (payloadLength < 126 ? 6 : payloadLength <= 0xFFFF ? 8 : 14);
  }

  public static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a long written in ASCII digits after the first {@code "t":} in {@code buf[from, to)};
   * -1 if there is none.
   */
  public static long timestamp(ByteBuffer buf, int from, int to) {
    for (int i = from; i + 4 < to; i++) {
      if (buf.get(i) == '"' && buf.get(i + 1) == 't' && buf.get(i + 2) == '"' && buf.get(i + 3) == ':') {
        long value = 0;
        boolean any = false;
        for (int j = i + 4; j < to; j++) {
          byte b = buf.get(j);
          if (b < '0' || b > '9') {
            break;
          }
          value = value * 10 + (b - '0');
          any = true;
        }
        return any ? value : -1;
      }
    }
    return -1;
  }

  /** True if {@code buf[from, to)} contains the ASCII {@code needle}. */
  public static boolean contains(ByteBuffer buf, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (buf.get(i + k) != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
