package dev.wsm.core.protocol;

import java.time.Instant;
import java.util.Arrays;

/**
 * Writes one flat JSON object straight to UTF-8 bytes: the frames of the publish path (a message,
 * the reply to its publisher) without a generator per frame. Names must be plain ASCII literals;
 * values are escaped as JSON requires (quote, backslash, control characters, and a surrogate
 * without its pair as {@code \\uXXXX}), other characters written as UTF-8. One instance per frame,
 * used on one thread. Writers on one thread must not overlap: each writes in the thread's scratch
 * buffer until {@link #end()} copies the object out.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Each thread's scratch buffer, used by one writer at a time; the result is copied out. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  private static final int SCRATCH_KEPT = 16 * 1024;

  private static final class Scratch {
    byte[] buf = new byte[1024];
  }

  private final Scratch scratch;
  private byte[] buf;
  private int len;

  /** An object of about {@code expected} bytes (the buffer grows as needed). */
  JsonBytes(int expected) {
    if (expected > SCRATCH_KEPT) {
      scratch = null;
      buf = new byte[expected];
    } else {
      scratch = SCRATCH.get();
      buf = scratch.buf.length >= expected ? scratch.buf : new byte[expected];
    }
    buf[len++] = '{';
  }

  JsonBytes string(String name, String value) {
    name(name);
    quoted(value);
    return this;
  }

  JsonBytes number(String name, long value) {
    name(name);
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        ascii(Long.toString(value));
        return this;
      }
      ensure(1);
      buf[len++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    len += digits;
    return this;
  }

  /** {@code t} as {@link Instant#toString()} writes it, straight into the buffer. */
  JsonBytes timestamp(String name, Instant t) {
    name(name);
    ensure(IsoInstant.MAX_LENGTH + 2);
    int end = IsoInstant.write(t, buf, len + 1);
    if (end < 0) {
      quoted(t.toString());
      return this;
    }
    buf[len] = '"';
    len = end;
    buf[len++] = '"';
    return this;
  }

  JsonBytes bool(String name, boolean value) {
    name(name);
    ascii(value ? "true" : "false");
    return this;
  }

  /** A value that is already JSON text in UTF-8, written as it is. */
  JsonBytes raw(String name, byte[] json) {
    name(name);
    ensure(json.length);
    System.arraycopy(json, 0, buf, len, json.length);
    len += json.length;
    return this;
  }

  /** Closes the object and returns its bytes. */
  byte[] end() {
    ensure(1);
    buf[len++] = '}';
    if (scratch == null) {
      return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
    byte[] out = Arrays.copyOf(buf, len);
    if (buf.length <= SCRATCH_KEPT) {
      scratch.buf = buf;
    }
    return out;
  }

  /** A name: a plain ASCII literal (see the class), so copied as it is. */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): one copy, no charset
  private void name(String name) {
    int n = name.length();
    ensure(n + 4);
    if (len > 1) {
      buf[len++] = ',';
    }
    buf[len++] = '"';
    name.getBytes(0, n, buf, len);
    len += n;
    buf[len++] = '"';
    buf[len++] = ':';
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void quoted(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        escaped(s, i);
        break;
      }
      buf[len++] = (byte) c;
    }
    ensure(1);
    buf[len++] = '"';
  }

  /** The rest of {@code s} from {@code from}, escaped and UTF-8 encoded. */
  private void escaped(String s, int from) {
    for (int i = from, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      ensure(12);
      if (c == '"' || c == '\\') {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
      } else if (c < 0x20) {
        unicodeEscape(c);
      } else if (c < 0x80) {
        buf[len++] = (byte) c;
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xc0 | c >> 6);
        buf[len++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[len++] = (byte) (0xf0 | cp >> 18);
        buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
        buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
        buf[len++] = (byte) (0x80 | cp & 0x3f);
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c);
      } else {
        buf[len++] = (byte) (0xe0 | c >> 12);
        buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
        buf[len++] = (byte) (0x80 | c & 0x3f);
      }
    }
  }

  private void unicodeEscape(char c) {
    buf[len++] = '\\';
    buf[len++] = 'u';
    buf[len++] = HEX[c >> 12];
    buf[len++] = HEX[c >> 8 & 0xf];
    buf[len++] = HEX[c >> 4 & 0xf];
    buf[len++] = HEX[c & 0xf];
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
