package org.ckanmigrate.index.document;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** Python's {@code datetime.isoformat()}, as CKAN's indexer writes dates. */
public final class PyDates {

  private PyDates() {}

  /** {@code datetime.isoformat()}: microseconds only when non-zero. */
  public static String isoformat(LocalDateTime t) {
    StringBuilder sb = new StringBuilder(26);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      sb.append('.');
      pad(sb, micros, 6);
    }
    return sb.toString();
  }

  static String isoformat(OffsetDateTime t) {
    String base = isoformat(t.toLocalDateTime());
    int seconds = t.getOffset().getTotalSeconds();
    String sign = seconds < 0 ? "-" : "+";
    seconds = Math.abs(seconds);
    StringBuilder sb = new StringBuilder(base).append(sign);
    pad(sb, seconds / 3600, 2).append(':');
    pad(sb, (seconds % 3600) / 60, 2);
    return sb.toString();
  }

  // Digits written directly: two calls per date field made Integer.toString a visible cost of
  // building every dataset's dates.
  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    if (value < 0 || value >= 1_000_000) {
      String s = Integer.toString(value);
      for (int i = s.length(); i < width; i++) {
        sb.append('0');
      }
      return sb.append(s);
    }
    int digits = 1;
    for (int v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      sb.append('0');
    }
    for (int p = pow10(digits - 1); p > 0; p /= 10) {
      sb.append((char) ('0' + (value / p) % 10));
    }
    return sb;
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}
