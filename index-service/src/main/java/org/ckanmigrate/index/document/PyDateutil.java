package org.ckanmigrate.index.document;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dateutil.parser.parse(text, default=...)} as python-dateutil 2.8 does it (dayfirst and
 * yearfirst off, not fuzzy, no tzinfos), which is what CKAN's indexer runs on every {@code *_date}
 * extra: the same tokens, the same year/month/day resolution, the same defaults and refusals. The
 * tests feed thousands of strings to this and to Python's dateutil and require the same answer.
 *
 * <p>Assumes the CKAN host's local time zone is UTC (a zone name equal to the local one makes
 * dateutil use local time). Names other than UTC/GMT/Z are ignored, as dateutil does without {@code
 * tzinfos}.
 */
final class PyDateutil {

  /**
   * A parsed value.
   *
   * @param naive the date and time as written, missing parts from the default
   * @param offsetSeconds the UTC offset the text named, or null for a naive value
   */
  record Result(LocalDateTime naive, Integer offsetSeconds) {}

  /** What dateutil raises for a string it cannot read (ParserError, a ValueError). */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private PyDateutil() {}

  private static final Set<String> JUMP =
      Set.of(
          " ", ".", ",", ";", "-", "/", "'", "at", "on", "and", "ad", "m", "t", "of", "st", "nd",
          "rd", "th");
  private static final Map<String, Integer> WEEKDAYS =
      index(
          new String[][] {
            {"mon", "monday"},
            {"tue", "tuesday"},
            {"wed", "wednesday"},
            {"thu", "thursday"},
            {"fri", "friday"},
            {"sat", "saturday"},
            {"sun", "sunday"}
          });
  private static final Map<String, Integer> MONTHS =
      index(
          new String[][] {
            {"jan", "january"},
            {"feb", "february"},
            {"mar", "march"},
            {"apr", "april"},
            {"may"},
            {"jun", "june"},
            {"jul", "july"},
            {"aug", "august"},
            {"sep", "sept", "september"},
            {"oct", "october"},
            {"nov", "november"},
            {"dec", "december"}
          });
  private static final Map<String, Integer> HMS =
      index(
          new String[][] {
            {"h", "hour", "hours"}, {"m", "minute", "minutes"}, {"s", "second", "seconds"}
          });
  private static final Map<String, Integer> AMPM = index(new String[][] {{"am", "a"}, {"pm", "p"}});
  private static final Set<String> UTCZONE_LOWER = Set.of("utc", "gmt", "z");
  private static final List<String> UTCZONE = List.of("UTC", "GMT", "Z", "z");

  private static Map<String, Integer> index(String[][] groups) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < groups.length; i++) {
      for (String s : groups[i]) {
        out.put(s, i);
      }
    }
    return Map.copyOf(out);
  }

  /**
   * Parses {@code text}; missing parts come from {@code defaults}.
   *
   * @throws Refused where dateutil raises (ParserError, or an error it does not wrap, such as an
   *     overflowing year, which CKAN does not catch either)
   */
  static Result parse(String text, LocalDateTime defaults) {
    Res res = parseTokens(text);
    if (res == null) {
      throw new Refused("Unknown string format: " + text);
    }
    if (res.empty()) {
      throw new Refused("String does not contain a date: " + text);
    }
    LocalDateTime naive = buildNaive(res, defaults);
    Integer offset = null;
    if ("UTC".equals(res.tzname)) { // the local zone's name on a UTC host, or UTC itself
      offset = 0;
    } else if (res.tzoffset != null && res.tzoffset == 0) {
      offset = 0;
    } else if (res.tzoffset != null) {
      offset = res.tzoffset;
    }
    return new Result(naive, offset);
  }

  /** Parses, or empty where dateutil raises. */
  static Optional<Result> tryParse(String text, LocalDateTime defaults) {
    try {
      return Optional.of(parse(text, defaults));
    } catch (Refused e) {
      return Optional.empty();
    }
  }

  // ---- the lexer (_timelex) -------------------------------------------------------------------

  static List<String> split(String s) {
    int[] cps = s.codePoints().filter(c -> c != 0).toArray();
    List<String> tokens = new ArrayList<>();
    List<String> stack = new ArrayList<>();
    int[] pos = {0};
    while (true) {
      String t = nextToken(cps, pos, stack);
      if (t == null) {
        return tokens;
      }
      tokens.add(t);
    }
  }

  private static boolean isWord(int c) {
    return Character.isLetter(c);
  }

  private static boolean isNum(int c) {
    return Character.isDigit(c);
  }

  private static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  private static String nextToken(int[] cps, int[] pos, List<String> stack) {
    if (!stack.isEmpty()) {
      return stack.remove(0);
    }
    boolean seenLetters = false;
    StringBuilder token = null;
    String state = null;
    while (pos[0] < cps.length) {
      int c = cps[pos[0]++];
      if (state == null) {
        token = new StringBuilder().appendCodePoint(c);
        if (isWord(c)) {
          state = "a";
        } else if (isNum(c)) {
          state = "0";
        } else if (isSpace(c)) {
          token = new StringBuilder(" ");
          break;
        } else {
          break;
        }
      } else if (state.equals("a")) {
        seenLetters = true;
        if (isWord(c)) {
          token.appendCodePoint(c);
        } else if (c == '.') {
          token.append('.');
          state = "a.";
        } else {
          pos[0]--;
          break;
        }
      } else if (state.equals("0")) {
        if (isNum(c)) {
          token.appendCodePoint(c);
        } else if (c == '.' || (c == ',' && token.codePointCount(0, token.length()) >= 2)) {
          token.appendCodePoint(c);
          state = "0.";
        } else {
          pos[0]--;
          break;
        }
      } else if (state.equals("a.")) {
        seenLetters = true;
        if (c == '.' || isWord(c)) {
          token.appendCodePoint(c);
        } else if (isNum(c) && token.charAt(token.length() - 1) == '.') {
          token.appendCodePoint(c);
          state = "0.";
        } else {
          pos[0]--;
          break;
        }
      } else { // "0."
        if (c == '.' || isNum(c)) {
          token.appendCodePoint(c);
        } else if (isWord(c) && token.charAt(token.length() - 1) == '.') {
          token.appendCodePoint(c);
          state = "a.";
        } else {
          pos[0]--;
          break;
        }
      }
    }
    if (token == null) {
      return null;
    }
    String t = token.toString();
    if (("a.".equals(state) || "0.".equals(state))
        && (seenLetters
            || t.chars().filter(ch -> ch == '.').count() > 1
            || t.endsWith(".")
            || t.endsWith(","))) {
      // re.split("([.,])", token): the separators are kept as tokens, empty pieces dropped
      List<String> parts = new ArrayList<>();
      StringBuilder piece = new StringBuilder();
      for (int i = 0; i < t.length(); i++) {
        char ch = t.charAt(i);
        if (ch == '.' || ch == ',') {
          parts.add(piece.toString());
          parts.add(String.valueOf(ch));
          piece.setLength(0);
        } else {
          piece.append(ch);
        }
      }
      parts.add(piece.toString());
      t = parts.get(0);
      for (String p : parts.subList(1, parts.size())) {
        if (!p.isEmpty()) {
          stack.add(p);
        }
      }
    }
    if ("0.".equals(state) && t.indexOf('.') < 0) {
      t = t.replace(',', '.');
    }
    return t;
  }

  // ---- the parser (_parse) --------------------------------------------------------------------

  /** A failure inside _parse (IndexError or ValueError): the whole parse yields None. */
  private static final class Fail extends RuntimeException {
    Fail() {
      super(null, null, false, false);
    }
  }

  private static final class Res {
    Integer year;
    Integer month;
    Integer day;
    Integer weekday;
    Integer hour;
    Integer minute;
    Integer second;
    Integer microsecond;
    String tzname;
    Integer tzoffset;
    Integer ampm;
    boolean centurySpecified;

    boolean empty() {
      return year == null
          && month == null
          && day == null
          && weekday == null
          && hour == null
          && minute == null
          && second == null
          && microsecond == null
          && tzname == null
          && tzoffset == null
          && ampm == null;
    }
  }

  private static final class Ymd {
    final List<Long> values = new ArrayList<>();
    boolean centurySpecified;
    Integer dstridx;
    Integer mstridx;
    Integer ystridx;

    int size() {
      return values.size();
    }

    long get(int i) {
      return values.get(i < 0 ? values.size() + i : i);
    }

    boolean couldBeDay(BigDecimal value) {
      if (dstridx != null) {
        return false;
      }
      if (mstridx == null) {
        return value.compareTo(BigDecimal.ONE) >= 0 && value.compareTo(BigDecimal.valueOf(31)) <= 0;
      }
      long month = get(mstridx);
      long year = ystridx == null ? 2000 : get(ystridx);
      int last = monthLength(year, month);
      return value.compareTo(BigDecimal.ONE) >= 0 && value.compareTo(BigDecimal.valueOf(last)) <= 0;
    }

    void appendToken(String token, Character label) {
      if (isDigits(token) && token.codePointCount(0, token.length()) > 2) {
        centurySpecified = true;
        if (label != null && label != 'Y') {
          throw new Fail();
        }
        label = 'Y';
      }
      add(pyInt(token), label);
    }

    void appendNumber(BigDecimal value, Character label) {
      if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
        centurySpecified = true;
        if (label != null && label != 'Y') {
          throw new Fail();
        }
        label = 'Y';
      }
      add(value.setScale(0, RoundingMode.DOWN).longValueExact(), label);
    }

    private void add(long v, Character label) {
      values.add(v);
      int at = values.size() - 1;
      if (label == null) {
        return;
      }
      switch (label) {
        case 'M' -> {
          if (mstridx != null) {
            throw new Fail();
          }
          mstridx = at;
        }
        case 'D' -> {
          if (dstridx != null) {
            throw new Fail();
          }
          dstridx = at;
        }
        default -> {
          if (ystridx != null) {
            throw new Fail();
          }
          ystridx = at;
        }
      }
    }

    /** year, month, day (each may be null). */
    Long[] resolve() {
      Map<Character, Integer> strids = new HashMap<>();
      if (ystridx != null) {
        strids.put('y', ystridx);
      }
      if (mstridx != null) {
        strids.put('m', mstridx);
      }
      if (dstridx != null) {
        strids.put('d', dstridx);
      }
      int n = size();
      if ((n == strids.size() && n > 0) || (n == 3 && strids.size() == 2)) {
        if (n == 3 && strids.size() == 2) {
          for (char k : new char[] {'y', 'm', 'd'}) {
            if (!strids.containsKey(k)) {
              for (int i = 0; i < 3; i++) {
                if (!strids.containsValue(i)) {
                  strids.put(k, i);
                }
              }
            }
          }
        }
        if (n != strids.size()) {
          throw new Refused("assertion"); // dateutil asserts here; CKAN does not catch it
        }
        return new Long[] {
          strids.containsKey('y') ? get(strids.get('y')) : null,
          strids.containsKey('m') ? get(strids.get('m')) : null,
          strids.containsKey('d') ? get(strids.get('d')) : null
        };
      }
      Long year = null;
      Long month = null;
      Long day = null;
      if (n > 3) {
        throw new Fail();
      } else if (n == 1 || (mstridx != null && n == 2)) {
        long other;
        if (mstridx != null) {
          month = get(mstridx);
          other = get(mstridx - 1);
        } else {
          other = get(0);
        }
        if (n > 1 || mstridx == null) {
          if (other > 31) {
            year = other;
          } else {
            day = other;
          }
        }
      } else if (n == 2) {
        if (get(0) > 31) {
          year = get(0);
          month = get(1);
        } else if (get(1) > 31) {
          month = get(0);
          year = get(1);
        } else {
          month = get(0);
          day = get(1);
        }
      } else if (n == 3) {
        if (mstridx != null && mstridx == 0) {
          if (get(1) > 31) {
            month = get(0);
            year = get(1);
            day = get(2);
          } else {
            month = get(0);
            day = get(1);
            year = get(2);
          }
        } else if (mstridx != null && mstridx == 1) {
          if (get(0) > 31) {
            year = get(0);
            month = get(1);
            day = get(2);
          } else {
            day = get(0);
            month = get(1);
            year = get(2);
          }
        } else if (mstridx != null && mstridx == 2) {
          if (get(1) > 31) {
            day = get(0);
            year = get(1);
            month = get(2);
          } else {
            year = get(0);
            day = get(1);
            month = get(2);
          }
        } else {
          if (get(0) > 31 || (ystridx != null && ystridx == 0)) {
            year = get(0);
            month = get(1);
            day = get(2);
          } else if (get(0) > 12) {
            day = get(0);
            month = get(1);
            year = get(2);
          } else {
            month = get(0);
            day = get(1);
            year = get(2);
          }
        }
      }
      return new Long[] {year, month, day};
    }
  }

  private static Res parseTokens(String timestr) {
    List<String> l = split(timestr);
    Res res = new Res();
    Ymd ymd = new Ymd();
    try {
      int i = 0;
      int n = l.size();
      while (i < n) {
        String token = l.get(i);
        if (isFloat(token)) {
          i = numericToken(l, i, ymd, res);
        } else if (WEEKDAYS.containsKey(lower(token))) {
          res.weekday = WEEKDAYS.get(lower(token));
        } else if (MONTHS.containsKey(lower(token))) {
          ymd.add(MONTHS.get(lower(token)) + 1, 'M');
          if (i + 1 < n) {
            if (l.get(i + 1).equals("-") || l.get(i + 1).equals("/")) {
              String sep = l.get(i + 1);
              ymd.appendToken(at(l, i + 2), null);
              if (i + 3 < n && l.get(i + 3).equals(sep)) {
                ymd.appendToken(at(l, i + 4), null);
                i += 2;
              }
              i += 2;
            } else if (i + 4 < n
                && l.get(i + 1).equals(" ")
                && l.get(i + 3).equals(" ")
                && lower(l.get(i + 2)).equals("of")) {
              if (isDigits(l.get(i + 4))) {
                long year = convertYear(pyInt(l.get(i + 4)), false);
                ymd.appendToken(Long.toString(year), 'Y');
              }
              i += 4;
            }
          }
        } else if (AMPM.containsKey(lower(token))) {
          int value = AMPM.get(lower(token));
          if (res.hour == null || res.hour < 0 || res.hour > 12) {
            throw new Fail(); // no hour, or not a 12-hour clock hour
          }
          res.hour = adjustAmpm(res.hour, value);
          res.ampm = value;
        } else if (couldBeTzname(res, token)) {
          res.tzname = token;
          // parserinfo.tzoffset looks the name up among lower-case keys as written: only "z" is 0
          res.tzoffset = token.equals("z") ? 0 : null;
          if (i + 1 < n && (l.get(i + 1).equals("+") || l.get(i + 1).equals("-"))) {
            l.set(i + 1, l.get(i + 1).equals("+") ? "-" : "+");
            res.tzoffset = null;
            if (UTCZONE_LOWER.contains(lower(res.tzname))) {
              res.tzname = null;
            }
          }
        } else if (res.hour != null && (token.equals("+") || token.equals("-"))) {
          int signal = token.equals("+") ? 1 : -1;
          String next = at(l, i + 1);
          int len = next.codePointCount(0, next.length());
          long hourOffset;
          long minOffset;
          if (len == 4) {
            hourOffset = pyInt(next.substring(0, 2));
            minOffset = pyInt(next.substring(2));
          } else if (i + 2 < n && l.get(i + 2).equals(":")) {
            hourOffset = pyInt(next);
            minOffset = pyInt(at(l, i + 3));
            i += 2;
          } else if (len <= 2) {
            hourOffset = pyInt(next.length() > 2 ? next.substring(0, 2) : next);
            minOffset = 0;
          } else {
            throw new Fail();
          }
          res.tzoffset = Math.toIntExact(signal * (hourOffset * 3600 + minOffset * 60));
          if (i + 5 < n
              && JUMP.contains(lower(l.get(i + 2)))
              && l.get(i + 3).equals("(")
              && l.get(i + 5).equals(")")
              && l.get(i + 4).codePointCount(0, l.get(i + 4).length()) >= 3
              && couldBeTzname(res.hour, res.tzname, null, l.get(i + 4))) {
            res.tzname = l.get(i + 4);
            i += 4;
          }
          i += 1;
        } else if (!JUMP.contains(lower(token))) {
          throw new Fail();
        }
        i += 1;
      }
      Long[] ymdr = ymd.resolve();
      res.centurySpecified = ymd.centurySpecified;
      res.year = ymdr[0] == null ? null : toInt(ymdr[0]);
      res.month = ymdr[1] == null ? null : toInt(ymdr[1]);
      res.day = ymdr[2] == null ? null : toInt(ymdr[2]);
    } catch (Fail | ArithmeticException e) {
      return null;
    }
    // parserinfo.validate
    if (res.year != null) {
      res.year = (int) convertYear(res.year, res.centurySpecified);
    }
    if ((res.tzoffset != null && res.tzoffset == 0 && res.tzname == null)
        || "Z".equals(res.tzname)
        || "z".equals(res.tzname)) {
      res.tzname = "UTC";
      res.tzoffset = 0;
    } else if ((res.tzoffset == null || res.tzoffset != 0) // None != 0 in Python
        && res.tzname != null
        && UTCZONE_LOWER.contains(lower(res.tzname))) {
      res.tzoffset = 0;
    }
    return res;
  }

  private static int numericToken(List<String> tokens, int idx, Ymd ymd, Res res) {
    String valueRepr = tokens.get(idx);
    BigDecimal value = toDecimal(valueRepr);
    int lenLi = valueRepr.codePointCount(0, valueRepr.length());
    int n = tokens.size();
    if (ymd.size() == 3
        && (lenLi == 2 || lenLi == 4)
        && res.hour == null
        && (idx + 1 >= n
            || (!tokens.get(idx + 1).equals(":")
                && !HMS.containsKey(lower(tokens.get(idx + 1)))))) {
      res.hour = toInt(pyInt(valueRepr.substring(0, 2)));
      if (lenLi == 4) {
        res.minute = toInt(pyInt(valueRepr.substring(2)));
      }
    } else if (lenLi == 6 || (lenLi > 6 && valueRepr.indexOf('.') == 6)) {
      if (ymd.size() == 0 && valueRepr.indexOf('.') < 0) {
        ymd.appendToken(valueRepr.substring(0, 2), null);
        ymd.appendToken(valueRepr.substring(2, 4), null);
        ymd.appendToken(valueRepr.substring(4), null);
      } else {
        res.hour = toInt(pyInt(valueRepr.substring(0, 2)));
        res.minute = toInt(pyInt(valueRepr.substring(2, 4)));
        int[] sm = parseMs(valueRepr.substring(4));
        res.second = sm[0];
        res.microsecond = sm[1];
      }
    } else if (lenLi == 8 || lenLi == 12 || lenLi == 14) {
      ymd.appendToken(valueRepr.substring(0, 4), 'Y');
      ymd.appendToken(valueRepr.substring(4, 6), null);
      ymd.appendToken(valueRepr.substring(6, 8), null);
      if (lenLi > 8) {
        res.hour = toInt(pyInt(valueRepr.substring(8, 10)));
        res.minute = toInt(pyInt(valueRepr.substring(10, 12)));
        if (lenLi > 12) {
          res.second = toInt(pyInt(valueRepr.substring(12)));
        }
      }
    } else if (findHmsIdx(idx, tokens) != null) {
      int hmsIdx = findHmsIdx(idx, tokens);
      int hms;
      if (hmsIdx > idx) {
        hms = HMS.get(lower(tokens.get(hmsIdx)));
        idx = hmsIdx;
      } else {
        hms = HMS.get(lower(tokens.get(hmsIdx))) + 1;
      }
      assignHms(res, valueRepr, hms);
    } else if (idx + 2 < n && tokens.get(idx + 1).equals(":")) {
      res.hour = toInt(value.setScale(0, RoundingMode.DOWN).longValueExact());
      BigDecimal minutes = toDecimal(tokens.get(idx + 2));
      int[] ms = parseMinSec(minutes);
      res.minute = ms[0];
      res.second = ms[1] < 0 ? null : ms[1];
      if (idx + 4 < n && tokens.get(idx + 3).equals(":")) {
        int[] sm = parseMs(tokens.get(idx + 4));
        res.second = sm[0];
        res.microsecond = sm[1];
        idx += 2;
      }
      idx += 2;
    } else if (idx + 1 < n
        && (tokens.get(idx + 1).equals("-")
            || tokens.get(idx + 1).equals("/")
            || tokens.get(idx + 1).equals("."))) {
      String sep = tokens.get(idx + 1);
      ymd.appendToken(valueRepr, null);
      if (idx + 2 < n && !JUMP.contains(lower(tokens.get(idx + 2)))) {
        if (isDigits(tokens.get(idx + 2))) {
          ymd.appendToken(tokens.get(idx + 2), null);
        } else {
          Integer month = MONTHS.get(lower(tokens.get(idx + 2)));
          if (month == null) {
            throw new Fail();
          }
          ymd.add(month + 1, 'M');
        }
        if (idx + 3 < n && tokens.get(idx + 3).equals(sep)) {
          String fourth = at(tokens, idx + 4);
          Integer month = MONTHS.get(lower(fourth));
          if (month != null) {
            ymd.add(month + 1, 'M');
          } else {
            ymd.appendToken(fourth, null);
          }
          idx += 2;
        }
        idx += 1;
      }
      idx += 1;
    } else if (idx + 1 >= n || JUMP.contains(lower(tokens.get(idx + 1)))) {
      if (idx + 2 < n && AMPM.containsKey(lower(tokens.get(idx + 2)))) {
        int hour = toInt(value.setScale(0, RoundingMode.DOWN).longValueExact());
        res.hour = adjustAmpm(hour, AMPM.get(lower(tokens.get(idx + 2))));
        idx += 1;
      } else {
        ymd.appendNumber(value, null);
      }
      idx += 1;
    } else if (AMPM.containsKey(lower(tokens.get(idx + 1)))
        && value.signum() >= 0
        && value.compareTo(BigDecimal.valueOf(24)) < 0) {
      int hour = toInt(value.setScale(0, RoundingMode.DOWN).longValueExact());
      res.hour = adjustAmpm(hour, AMPM.get(lower(tokens.get(idx + 1))));
      idx += 1;
    } else if (ymd.couldBeDay(value)) {
      ymd.appendNumber(value, null);
    } else {
      throw new Fail();
    }
    return idx;
  }

  private static Integer findHmsIdx(int idx, List<String> tokens) {
    int n = tokens.size();
    if (idx + 1 < n && HMS.containsKey(lower(tokens.get(idx + 1)))) {
      return idx + 1;
    }
    if (idx + 2 < n
        && tokens.get(idx + 1).equals(" ")
        && HMS.containsKey(lower(tokens.get(idx + 2)))) {
      return idx + 2;
    }
    if (idx > 0 && HMS.containsKey(lower(tokens.get(idx - 1)))) {
      return idx - 1;
    }
    if (1 < idx
        && idx == n - 1
        && tokens.get(idx - 1).equals(" ")
        && HMS.containsKey(lower(tokens.get(idx - 2)))) {
      return idx - 2;
    }
    return null;
  }

  private static void assignHms(Res res, String valueRepr, int hms) {
    BigDecimal value = toDecimal(valueRepr);
    if (hms == 0) {
      res.hour = toInt(value.setScale(0, RoundingMode.DOWN).longValueExact());
      BigDecimal frac = value.remainder(BigDecimal.ONE);
      if (frac.signum() != 0) {
        res.minute =
            toInt(
                BigDecimal.valueOf(60)
                    .multiply(frac)
                    .setScale(0, RoundingMode.DOWN)
                    .longValueExact());
      }
    } else if (hms == 1) {
      int[] ms = parseMinSec(value);
      res.minute = ms[0];
      res.second = ms[1] < 0 ? null : ms[1];
    } else if (hms == 2) {
      int[] sm = parseMs(valueRepr);
      res.second = sm[0];
      res.microsecond = sm[1];
    }
  }

  /** minute and second (-1 for None) from a decimal minute. */
  private static int[] parseMinSec(BigDecimal value) {
    int minute = toInt(value.setScale(0, RoundingMode.DOWN).longValueExact());
    BigDecimal rest = value.remainder(BigDecimal.ONE);
    int second = -1;
    if (rest.signum() != 0) {
      second =
          toInt(
              BigDecimal.valueOf(60)
                  .multiply(rest)
                  .setScale(0, RoundingMode.DOWN)
                  .longValueExact());
    }
    return new int[] {minute, second};
  }

  private static int[] parseMs(String value) {
    int dot = value.indexOf('.');
    if (dot < 0) {
      return new int[] {toInt(pyInt(value)), 0};
    }
    if (value.indexOf('.', dot + 1) >= 0) {
      throw new Fail(); // i, f = value.split(".") unpacks exactly two
    }
    String f = value.substring(dot + 1);
    f = (f + "000000").substring(0, 6);
    return new int[] {toInt(pyInt(value.substring(0, dot))), toInt(pyInt(f))};
  }

  private static boolean couldBeTzname(Res res, String token) {
    return couldBeTzname(res.hour, res.tzname, res.tzoffset, token);
  }

  private static boolean couldBeTzname(
      Integer hour, String tzname, Integer tzoffset, String token) {
    if (hour == null || tzname != null || tzoffset != null) {
      return false;
    }
    if (token.codePointCount(0, token.length()) > 5) {
      return false;
    }
    boolean upper = true;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 'A' || c > 'Z') {
        upper = false;
      }
    }
    return upper || UTCZONE.contains(token);
  }

  private static int adjustAmpm(int hour, int ampm) {
    if (hour < 12 && ampm == 1) {
      return hour + 12;
    }
    if (hour == 12 && ampm == 0) {
      return 0;
    }
    return hour;
  }

  /** parserinfo.convertyear: two-digit years within 50 years of this year. */
  static long convertYear(long year, boolean centurySpecified) {
    if (year < 100 && !centurySpecified) {
      int now = Year.now().getValue();
      int century = now / 100 * 100;
      year += century;
      if (year >= now + 50) {
        year -= 100;
      } else if (year < now - 50) {
        year += 100;
      }
    }
    return year;
  }

  private static LocalDateTime buildNaive(Res res, LocalDateTime defaults) {
    try {
      int year = res.year != null ? res.year : defaults.getYear();
      int month = res.month != null ? res.month : defaults.getMonthValue();
      int day;
      if (res.day != null) {
        day = res.day;
      } else {
        if (month < 1 || month > 12) {
          throw new Refused("month must be in 1..12");
        }
        day = Math.min(defaults.getDayOfMonth(), monthLength(year, month));
      }
      if (year < 1 || year > 9999) {
        throw new Refused("year " + year + " is out of range");
      }
      LocalDateTime naive =
          LocalDateTime.of(
              year,
              month,
              day,
              res.hour != null ? res.hour : defaults.getHour(),
              res.minute != null ? res.minute : defaults.getMinute(),
              res.second != null ? res.second : defaults.getSecond(),
              (res.microsecond != null ? res.microsecond : defaults.getNano() / 1000) * 1000);
      if (res.weekday != null && (res.day == null || res.day == 0)) {
        int shift = (res.weekday - (naive.getDayOfWeek().getValue() - 1) + 7) % 7;
        naive = naive.plus(shift, ChronoUnit.DAYS);
        if (naive.getYear() > 9999) {
          throw new Refused("date value out of range");
        }
      }
      return naive;
    } catch (DateTimeException e) {
      throw new Refused(e.getMessage());
    }
  }

  // ---- Python's int(), float() and Decimal() on the lexer's tokens ------------------------------

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String at(List<String> tokens, int i) {
    if (i >= tokens.size()) {
      throw new Fail(); // IndexError
    }
    return tokens.get(i);
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
  }

  /** int(s) for the lexer's tokens: decimal digits only (any script). */
  private static long pyInt(String s) {
    if (!isDigits(s)) {
      throw new Fail();
    }
    String ascii = ascii(s);
    if (ascii.length() > 18) {
      throw new Refused("Python int too large to convert to C int"); // OverflowError
    }
    return Long.parseLong(ascii);
  }

  private static String ascii(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints()
        .forEach(
            c ->
                sb.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10)) : (char) c));
    return sb.toString();
  }

  private static boolean isFloat(String token) {
    String t = lower(token);
    if (t.equals("inf") || t.equals("infinity") || t.equals("nan")) {
      return true;
    }
    boolean digit = false;
    int dots = 0;
    for (int i = 0; i < token.length(); ) {
      int c = token.codePointAt(i);
      if (Character.isDigit(c)) {
        digit = true;
      } else if (c == '.') {
        dots++;
      } else {
        return false;
      }
      i += Character.charCount(c);
    }
    return digit && dots <= 1;
  }

  private static BigDecimal toDecimal(String token) {
    String t = lower(token);
    if (t.equals("inf") || t.equals("infinity") || t.equals("nan")) {
      throw new Fail(); // Decimal is not finite
    }
    try {
      return new BigDecimal(ascii(token));
    } catch (NumberFormatException e) {
      throw new Fail();
    }
  }

  private static int toInt(long v) {
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new Refused("Python int too large to convert to C int");
    }
    return (int) v;
  }

  /** calendar.monthrange(year, month)[1], for any year (calendar's proleptic leap rule). */
  private static int monthLength(long year, long month) {
    if (month < 1 || month > 12) {
      throw new Fail(); // calendar.IllegalMonthError, a ValueError
    }
    int[] days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return days[(int) month - 1] + (month == 2 && leap ? 1 : 0);
  }
}
