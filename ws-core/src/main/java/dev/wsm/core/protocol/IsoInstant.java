package dev.wsm.core.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without the formatter: the same ISO-8601 text (UTC, {@code Z}, the
 * fraction in groups of three digits as needed) for the years 1970 to 9999, and {@code toString()}
 * itself outside them. Every message frame carries a timestamp, so this is on the publish path.
 */
final class IsoInstant {
  private IsoInstant() {}

  private static final long FIRST = 0; // 1970-01-01T00:00:00Z
  private static final long END = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;

  /** The longest text {@link #write} writes: {@code 9999-12-31T23:59:59.999999999Z}. */
  static final int MAX_LENGTH = 30;

  static String format(Instant t) {
    byte[] out = new byte[MAX_LENGTH];
    int n = write(t, out, 0);
    return n < 0 ? t.toString() : new String(out, 0, n, StandardCharsets.US_ASCII);
  }

  /**
   * Writes {@code t}'s text as ASCII into {@code out} from {@code at}, which must have room for
   * {@link #MAX_LENGTH} bytes; returns the index after it, or -1 (nothing written) when {@code t} is
   * outside the years 1970 to 9999.
   */
  static int write(Instant t, byte[] out, int at) {
    long seconds = t.getEpochSecond();
    if (seconds < FIRST || seconds >= END) {
      return -1;
    }
    int nanos = t.getNano();
    long day = seconds / 86_400;
    int secondOfDay = (int) (seconds - day * 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    digits(out, at, year / 100, 2);
    digits(out, at + 2, year % 100, 2);
    out[at + 4] = '-';
    digits(out, at + 5, date.getMonthValue(), 2);
    out[at + 7] = '-';
    digits(out, at + 8, date.getDayOfMonth(), 2);
    out[at + 10] = 'T';
    digits(out, at + 11, secondOfDay / 3600, 2);
    out[at + 13] = ':';
    digits(out, at + 14, secondOfDay / 60 % 60, 2);
    out[at + 16] = ':';
    digits(out, at + 17, secondOfDay % 60, 2);
    int n = at + 19;
    if (nanos > 0) {
      out[n++] = '.';
      if (nanos % 1_000_000 == 0) {
        digits(out, n, nanos / 1_000_000, 3);
        n += 3;
      } else if (nanos % 1_000 == 0) {
        digits(out, n, nanos / 1_000, 6);
        n += 6;
      } else {
        digits(out, n, nanos, 9);
        n += 9;
      }
    }
    out[n++] = 'Z';
    return n;
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
