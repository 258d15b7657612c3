package dev.wsm.bench.storm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the few fields the storm needs straight from a server frame's bytes, without a JSON parser:
 * the server writes {@code type} first and every field at most once at the top level before {@code
 * data}, which is the only field a client controls.
 */
final class FrameScan {
  private FrameScan() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** True if the frame {@code buf[from, to)} starts with {@code {"type":"<type>"}. */
  static boolean isType(ByteBuffer buf, int from, int to, byte[] typePrefix) {
    if (to - from < typePrefix.length) {
      return false;
    }
    for (int k = 0; k < typePrefix.length; k++) {
      if (buf.get(from + k) != typePrefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** Position of the first {@code needle} in {@code buf[from, to)}, or -1. */
  static int indexOf(ByteBuffer buf, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (buf.get(i + k) != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The non-negative integer right after the first {@code key} (e.g. {@code "offset":}), or -1. */
  static long longAfter(ByteBuffer buf, int from, int to, byte[] key) {
    int at = indexOf(buf, from, to, key);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    boolean any = false;
    for (int j = at + key.length; j < to; j++) {
      byte b = buf.get(j);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      any = true;
    }
    return any ? value : -1;
  }

  /** The string right after the first {@code key} (e.g. {@code "session":"}), up to its quote. */
  static String stringAfter(ByteBuffer buf, int from, int to, byte[] key) {
    int at = indexOf(buf, from, to, key);
    if (at < 0) {
      return null;
    }
    int start = at + key.length;
    for (int j = start; j < to; j++) {
      if (buf.get(j) == '"') {
        byte[] bytes = new byte[j - start];
        buf.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
