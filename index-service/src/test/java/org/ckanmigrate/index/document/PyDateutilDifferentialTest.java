package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java port against the oracle: every generated string goes to {@link PyDateutil} and to
 * Debian's python3-dateutil (what CKAN runs), and both must agree on whether it parses and, if it
 * does, on the date, time and offset. Skipped, with one printed line, without python3 and dateutil.
 */
class PyDateutilDifferentialTest {

  private static final LocalDateTime DEFAULT = LocalDateTime.of(2003, 9, 25, 0, 0);

  private static final String ORACLE =
      """
      import datetime, json, sys
      from dateutil.parser import parse
      default = datetime.datetime(2003, 9, 25)
      for line in sys.stdin:
          text = json.loads(line)
          try:
              d = parse(text, default=default)
              off = d.utcoffset()
              d.isoformat()  # what CKAN does next; refuses offsets of a day or more
              off = '-' if off is None else str(int(off.total_seconds()))
              print('OK\\t' + d.replace(tzinfo=None).isoformat() + '\\t' + off)
          except Exception as e:
              print('ERR\\t' + type(e).__name__)
          sys.stdout.flush()
      """;

  @BeforeAll
  static void needsPython() throws Exception {
    PythonOracle.require("PyDateutilDifferentialTest", "dateutil.parser", "python3-dateutil");
  }

  /** Python's answer for each input, in order. */
  private static List<String> oracle(List<String> inputs) throws Exception {
    return PythonOracle.answers(
        ORACLE, inputs.stream().map(PyDateutilDifferentialTest::json).toList());
  }

  private static String java(String input) {
    return PyDateutil.tryParse(input, DEFAULT)
        .filter(r -> r.offsetSeconds() == null || Math.abs(r.offsetSeconds()) < 86_400)
        .map(
            r ->
                "OK\t"
                    + PyDates.isoformat(r.naive())
                    + "\t"
                    + (r.offsetSeconds() == null ? "-" : r.offsetSeconds().toString()))
        .orElse("ERR");
  }

  private static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Test
  void agreesWithPythonDateutilOnGeneratedDates() throws Exception {
    List<String> inputs =
        new ArrayList<>(
            inputs(
                new Random(Long.getLong("ckan.differential.seed", 20261203L)),
                Integer.getInteger("ckan.differential.count", 6000)));
    List<String> python = oracle(inputs);
    List<String> differences = new ArrayList<>();
    int parsed = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String expected = python.get(i).startsWith("ERR") ? "ERR" : python.get(i);
      String actual = java(inputs.get(i));
      if (expected.startsWith("OK")) {
        parsed++;
      }
      if (!expected.equals(actual)) {
        differences.add(json(inputs.get(i)) + ": dateutil " + python.get(i) + ", Java " + actual);
      }
    }
    System.out.println(
        "PyDateutilDifferentialTest: "
            + inputs.size()
            + " strings compared with python3-dateutil ("
            + parsed
            + " parse, "
            + (inputs.size() - parsed)
            + " refused), "
            + differences.size()
            + " differ");
    assertThat(differences).as("inputs where the port and dateutil differ").isEmpty();
  }

  /** Every form the issue lists, then random mixes of their parts, then garbage. */
  static Set<String> inputs(Random rnd, int count) {
    Set<String> out = new LinkedHashSet<>();
    String[] fixed = {
      "2012-03-04",
      "2012-03-04T05:06:07",
      "2012-03-04T05:06:07.5",
      "2012-03-04T05:06:07.123456",
      "2012-03-04T05:06:07Z",
      "2012-03-04T05:06:07+01:00",
      "2012-03-04 05:06:07-0330",
      "2012-03-04T05:06:07.1234567",
      "2012-3-4",
      "20120304",
      "20120304T0506",
      "20120304T050607",
      "2012/03/04",
      "04/03/2012",
      "4.3.2012",
      "03.04.12",
      "12-03-04",
      "99-01-02",
      "1/2/99",
      "March 3, 2020 10:00",
      "March 3, 2020 10:00 AM",
      "3 March 2020",
      "Mar 3 2020",
      "3rd of March 2020",
      "Tuesday, March 3, 2020",
      "Tue Mar 3 10:00:00 UTC 2020",
      "March 2020",
      "Sept. 5, 1999",
      "Sep.5.1999",
      "5-Jan-99",
      "Jan-5-99",
      "Jan of 99",
      "10am",
      "10:30 PM",
      "12 am",
      "12 pm",
      "3 p.m.",
      "13pm",
      "10h30m",
      "10 h",
      "5.5h",
      "10:00 GMT+3",
      "10:00 UTC",
      "10:00 z",
      "10:00 EST",
      "10:00 -03:00 (BRST)",
      "2012",
      "12",
      "31",
      "32",
      "0",
      "1.5",
      "Monday",
      "Feb 30 2012",
      "Feb 29 2000",
      "Feb 29 1900",
      "2012-13-45",
      "not a date",
      "",
      " ",
      "inf",
      "nan",
      "NaN 2012",
      "2012-03-04T25:00",
      "24:00",
      "23:59:60",
      "1st",
      "2nd June",
      "June 2nd",
      "the 3rd",
      "at 5",
      "on Tuesday",
      "5 of June",
      "2003 Sep 25",
      "Thu Sep 25 2003",
      "Thu, 25 Sep 2003 10:49:41 -0300",
      "2003-09-25T10:49:41.5-03:00",
      "25 Sep 2003 10h36m28s",
      "10:36:28 25 Sep 2003",
      "Sep 25 10:36:28 BRST 2003",
      "25-Sep-2003",
      "Sep-25-2003",
      "09-25-2003",
      "25-09-2003",
      "10-09-2003",
      "10.09.2003",
      "2003.Sep.25",
      "2003.09.25",
      "990125",
      "19990125",
      "19990125T23",
      "199901252359",
      "19990125235959",
      "0099-01-01",
      "10000-01-01",
      "99999999999999999999",
      "1 2 3",
      "1 2 3 4",
      "Jan Feb",
      "2012-01-01 12:00 am",
      "2012-01-01 0am",
      "11:61",
      "12,5",
      "12:30,5",
      "\u0663/\u0664/2012",
      "2012\u00a003\u00a004"
    };
    for (String f : fixed) {
      out.add(f);
    }
    String[] months = {"Jan", "January", "Feb", "March", "Mar.", "sept", "SEPTEMBER", "Dec", "may"};
    String[] days = {"Mon", "Monday", "tue", "Thursday", "Sun"};
    String[] seps = {" ", "-", "/", ".", ", ", ",", " of ", "T", "  ", ":", ";"};
    String[] times = {
      "10:00", "10:00:01", "23:59:59.999", "7am", "7 pm", "12:00 AM", "5h", "10h30"
    };
    String[] zones = {"Z", "UTC", "GMT", "+01:00", "-0500", "+5", "EST", "GMT+1", "(UTC)"};
    while (out.size() < count) {
      StringBuilder sb = new StringBuilder();
      int shape = rnd.nextInt(6);
      if (shape == 5) {
        // garbage from the characters dates are made of
        String alphabet = "0123456789 -/.:,+()aAmMpPtTzZJanFebMrchSepOctUTCGMTstndrdth";
        int len = 1 + rnd.nextInt(16);
        for (int i = 0; i < len; i++) {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      } else {
        int y = rnd.nextInt(10) < 3 ? rnd.nextInt(100) : 1900 + rnd.nextInt(150);
        int m = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 14 : 12);
        int d = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 33 : 28);
        String sep = seps[rnd.nextInt(seps.length)];
        String year = rnd.nextBoolean() ? String.valueOf(y) : String.format("%02d", y % 100);
        String month =
            rnd.nextBoolean() ? months[rnd.nextInt(months.length)] : String.format("%02d", m);
        String day =
            rnd.nextInt(4) == 0
                ? d + new String[] {"st", "nd", "rd", "th"}[rnd.nextInt(4)]
                : String.valueOf(d);
        if (rnd.nextInt(4) == 0) {
          sb.append(days[rnd.nextInt(days.length)]).append(rnd.nextBoolean() ? ", " : " ");
        }
        switch (shape) {
          case 0 -> sb.append(year).append(sep).append(month).append(sep).append(day);
          case 1 -> sb.append(month).append(sep).append(day).append(sep).append(year);
          case 2 -> sb.append(day).append(sep).append(month).append(sep).append(year);
          case 3 -> sb.append(month).append(' ').append(year);
          default -> sb.append(day).append(' ').append(month);
        }
        if (rnd.nextBoolean()) {
          sb.append(rnd.nextBoolean() ? " " : "T").append(times[rnd.nextInt(times.length)]);
          if (rnd.nextInt(3) == 0) {
            sb.append(rnd.nextBoolean() ? " " : "").append(zones[rnd.nextInt(zones.length)]);
          }
        }
      }
      out.add(sb.toString());
    }
    return out;
  }
}
