package org.ckanmigrate.index.document;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code datetime.isoformat()} and the part of {@code dateutil.parser.parse} that CKAN's
 * indexer relies on for {@code *_date} keys: ISO 8601 and the common numeric and month-name forms,
 * month-first like dateutil's default. Anything else counts as unparseable, which CKAN logs and
 * skips.
 */
public final class PyDates {

  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?"
              + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern COMPACT =
      Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(?:T?(\\d{2})(\\d{2})(\\d{2})?)?(Z)?");
  private static final Pattern NUMERIC =
      Pattern.compile(
          "(\\d{1,4})([/.-])(\\d{1,2})\\2(\\d{1,4})"
              + "(?:[T ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?");
  private static final Map<String, Integer> MONTHS = months();

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

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  /**
   * A parsed date: the local value with missing parts taken from {@code defaults}, and its offset
   * when the text named one.
   */
  record Parsed(LocalDateTime local, ZoneOffset offset) {}

  /** Parses like dateutil, missing fields from {@code defaults}; empty when dateutil would fail. */
  static Optional<Parsed> parse(String text, LocalDateTime defaults) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      Matcher m = ISO.matcher(s);
      if (m.matches()) {
        LocalDateTime t =
            LocalDateTime.of(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? defaults.getMonthValue() : Integer.parseInt(m.group(2)),
                m.group(3) == null ? dayOrDefault(defaults) : Integer.parseInt(m.group(3)),
                m.group(4) == null ? defaults.getHour() : Integer.parseInt(m.group(4)),
                m.group(5) == null ? defaults.getMinute() : Integer.parseInt(m.group(5)),
                m.group(6) == null ? defaults.getSecond() : Integer.parseInt(m.group(6)),
                m.group(7) == null ? 0 : fraction(m.group(7)));
        return Optional.of(new Parsed(t, offset(m.group(8))));
      }
      m = COMPACT.matcher(s);
      if (m.matches()) {
        LocalDateTime t =
            LocalDateTime.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        return Optional.of(new Parsed(t, m.group(7) == null ? null : ZoneOffset.UTC));
      }
      m = NUMERIC.matcher(s);
      if (m.matches()) {
        return numeric(m);
      }
      return words(s, defaults);
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int dayOrDefault(LocalDateTime defaults) {
    return defaults.getDayOfMonth();
  }

  private static int fraction(String digits) {
    String six = (digits + "000000").substring(0, 6);
    return Integer.parseInt(six) * 1000;
  }

  private static ZoneOffset offset(String z) {
    if (z == null) {
      return null;
    }
    String u = z.toUpperCase(Locale.ROOT);
    if (u.equals("Z") || u.equals("UTC") || u.equals("GMT")) {
      return ZoneOffset.UTC;
    }
    String digits = u.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = u.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  // a/b/c: a four-digit first part is the year (Y/M/D); otherwise month first unless the first
  // part cannot be a month, as dateutil does without dayfirst.
  private static Optional<Parsed> numeric(Matcher m) {
    String a = m.group(1);
    String b = m.group(3);
    String c = m.group(4);
    int year;
    int month;
    int day;
    if (a.length() == 4) {
      year = Integer.parseInt(a);
      month = Integer.parseInt(b);
      day = Integer.parseInt(c);
    } else {
      int first = Integer.parseInt(a);
      int second = Integer.parseInt(b);
      year = Integer.parseInt(c);
      if (c.length() <= 2) {
        year = twoDigitYear(year);
      }
      if (first > 12 && second <= 12) {
        day = first;
        month = second;
      } else {
        month = first;
        day = second;
      }
    }
    LocalDateTime t =
        LocalDateTime.of(
            year,
            month,
            day,
            m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
            m.group(7) == null ? 0 : Integer.parseInt(m.group(7)),
            m.group(8) == null ? 0 : fraction(m.group(8)));
    return Optional.of(new Parsed(t, null));
  }

  private static int twoDigitYear(int yy) {
    // dateutil: within 50 years of the current year
    int now = java.time.Year.now(ZoneOffset.UTC).getValue();
    int century = now / 100 * 100;
    int year = century + yy;
    if (year >= now + 50) {
      year -= 100;
    } else if (year < now - 50) {
      year += 100;
    }
    return year;
  }

  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
  private static final Pattern HOUR_AMPM = Pattern.compile("(\\d{1,2})(am|pm)");

  // "4 March 2012", "March 4, 2012", "Mar 2012", "2012 March 4", "05-Mar-14", with optional
  // weekday names, a time ("10:20:30", "3:20 PM", "10am") and GMT/UTC, as dateutil reads them.
  private static Optional<Parsed> words(String s, LocalDateTime defaults) {
    String[] tokens = s.toLowerCase(Locale.ROOT).split("[\\s,-]+");
    Integer month = null;
    List<Integer> numbers = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    Integer hour = null;
    Integer minute = null;
    Integer second = null;
    String ampm = null;
    ZoneOffset offset = null;
    for (String token : tokens) {
      if (token.isEmpty()) {
        continue;
      }
      String t = token.endsWith(".") ? token.substring(0, token.length() - 1) : token;
      Integer mo = MONTHS.get(t);
      Matcher time = TIME.matcher(t);
      Matcher hourAmPm = HOUR_AMPM.matcher(t);
      if (mo != null) {
        if (month != null) {
          return Optional.empty();
        }
        month = mo;
      } else if (time.matches()) {
        if (hour != null) {
          return Optional.empty();
        }
        hour = Integer.parseInt(time.group(1));
        minute = Integer.parseInt(time.group(2));
        second = time.group(3) == null ? null : Integer.parseInt(time.group(3));
      } else if (hourAmPm.matches()) {
        if (hour != null || ampm != null) {
          return Optional.empty();
        }
        hour = Integer.parseInt(hourAmPm.group(1));
        ampm = hourAmPm.group(2);
      } else if (t.equals("am") || t.equals("pm")) {
        if (hour == null || ampm != null) {
          return Optional.empty();
        }
        ampm = t;
      } else if (t.equals("gmt") || t.equals("utc") || t.equals("z")) {
        offset = ZoneOffset.UTC;
      } else if (t.matches("\\d{1,4}(st|nd|rd|th)?")) {
        String digits = t.replaceAll("\\D", "");
        numbers.add(Integer.parseInt(digits));
        widths.add(digits.length());
      } else if (!WEEKDAYS.contains(t)) {
        return Optional.empty();
      }
    }
    if (month == null || numbers.size() > 2) {
      return Optional.empty();
    }
    Integer year = null;
    Integer day = null;
    for (int i = 0; i < numbers.size(); i++) {
      int n = numbers.get(i);
      if (widths.get(i) >= 3 || n > 31 || (day != null && year == null)) {
        if (year != null) {
          return Optional.empty();
        }
        year = widths.get(i) <= 2 ? twoDigitYear(n) : n;
      } else {
        day = n;
      }
    }
    if (ampm != null) {
      if (hour > 12) {
        return Optional.empty();
      }
      hour = hour % 12 + (ampm.equals("pm") ? 12 : 0);
    }
    LocalDateTime t =
        LocalDateTime.of(
            year == null ? defaults.getYear() : year,
            month,
            day == null ? defaults.getDayOfMonth() : day,
            hour == null ? defaults.getHour() : hour,
            minute == null ? defaults.getMinute() : minute,
            second == null ? defaults.getSecond() : second);
    return Optional.of(new Parsed(t, offset));
  }

  private static final java.util.Set<String> WEEKDAYS =
      java.util.Set.of(
          "mon",
          "monday",
          "tue",
          "tues",
          "tuesday",
          "wed",
          "wednesday",
          "thu",
          "thurs",
          "thursday",
          "fri",
          "friday",
          "sat",
          "saturday",
          "sun",
          "sunday",
          "of");

  private static Map<String, Integer> months() {
    String[][] names = {
      {"jan", "january"},
      {"feb", "february"},
      {"mar", "march"},
      {"apr", "april"},
      {"may", "may"},
      {"jun", "june"},
      {"jul", "july"},
      {"aug", "august"},
      {"sep", "sept", "september"},
      {"oct", "october"},
      {"nov", "november"},
      {"dec", "december"}
    };
    Map<String, Integer> out = new java.util.HashMap<>();
    for (int i = 0; i < names.length; i++) {
      for (String n : names[i]) {
        out.put(n, i + 1);
      }
    }
    return Map.copyOf(out);
  }
}
