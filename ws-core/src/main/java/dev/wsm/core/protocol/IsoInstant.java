package dev.wsm.core.protocol;

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

  static String format(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < FIRST || seconds >= END) {
      return t.toString();
    }
    int nanos = t.getNano();
    long day = seconds / 86_400;
    int secondOfDay = (int) (seconds - day * 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    char[] out = new char[30];
    int year = date.getYear();
    digits(out, 0, year / 100, 2);
    digits(out, 2, year % 100, 2);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    int n = 19;
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
    return new String(out, 0, n);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
