package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PyJson#dumps} and the extra-key sanitising against Python itself: generated nested values
 * (unicode, control characters, lone surrogates, floats of every magnitude, big integers) are
 * written by the port, read back by Python's {@code json.loads} and written again by {@code
 * json.dumps}; the two texts must be identical. Keys go through CKAN's filter in Python and in
 * Java. Skipped, with one printed line, without python3.
 */
class PyJsonDifferentialTest {

  private static final String ORACLE =
      """
      import json, string, sys
      KEY_CHARS = string.digits + string.ascii_letters + '_-'
      for line in sys.stdin:
          kind, payload = line.rstrip('\\n').split('\\t', 1)
          if kind == 'J':
              print(json.dumps(json.loads(payload)))
          else:
              key = json.loads(payload)
              print(json.dumps(''.join([c for c in key if c in KEY_CHARS])))
          sys.stdout.flush()
      """;

  @BeforeAll
  static void needsPython() throws Exception {
    PythonOracle.require("PyJsonDifferentialTest", "json", "python3");
  }

  private static List<String> python(List<String> lines) throws Exception {
    return PythonOracle.answers(ORACLE, lines);
  }

  @Test
  void dumpsAndKeySanitisingAgreeWithPython() throws Exception {
    Random rnd = new Random(Long.getLong("ckan.differential.seed", 20261203L));
    int count = Integer.getInteger("ckan.differential.count", 3000);
    List<String> lines = new ArrayList<>();
    List<String> expectedJava = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String dumped = PyJson.dumps(value(rnd, 0));
      lines.add("J\t" + dumped);
      expectedJava.add(dumped);
    }
    for (int i = 0; i < count; i++) {
      String key = string(rnd);
      lines.add("K\t" + PyJson.dumps(key));
      expectedJava.add(PyJson.dumps(CkanDocumentBuilder.sanitiseKey(key)));
    }
    List<String> python = python(lines);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!python.get(i).equals(expectedJava.get(i))) {
        differences.add(
            lines.get(i) + "\n  python: " + python.get(i) + "\n  java:   " + expectedJava.get(i));
      }
    }
    System.out.println(
        "PyJsonDifferentialTest: "
            + count
            + " nested values and "
            + count
            + " extra keys compared with Python's json, "
            + differences.size()
            + " differ");
    assertThat(differences).as("inputs where the port and Python differ").isEmpty();
  }

  private static Object value(Random rnd, int depth) {
    int kind = rnd.nextInt(depth >= 3 ? 6 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return rnd.nextBoolean();
      case 2:
        return rnd.nextInt(3) == 0
            ? new BigInteger(80 + rnd.nextInt(60), rnd).negate()
            : (Object) (rnd.nextLong() >> rnd.nextInt(63));
      case 3:
        return number(rnd);
      case 4:
      case 5:
        return string(rnd);
      case 6:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          int n = rnd.nextInt(5);
          for (int i = 0; i < n; i++) {
            m.put(string(rnd), value(rnd, depth + 1));
          }
          return m;
        }
      default:
        {
          List<Object> l = new ArrayList<>();
          int n = rnd.nextInt(5);
          for (int i = 0; i < n; i++) {
            l.add(value(rnd, depth + 1));
          }
          return l;
        }
    }
  }

  private static double number(Random rnd) {
    double[] special = {
      0.0,
      -0.0,
      1.0,
      0.1,
      1e16,
      1e15,
      1e-4,
      1e-5,
      123456789.0,
      1e300,
      5e-324,
      Double.MAX_VALUE,
      Double.MIN_NORMAL,
      2.5,
      -7.25,
      1.0 / 3
    };
    if (rnd.nextInt(3) == 0) {
      return special[rnd.nextInt(special.length)];
    }
    double d;
    do {
      d = Double.longBitsToDouble(rnd.nextLong());
    } while (Double.isNaN(d) || Double.isInfinite(d));
    return rnd.nextBoolean() ? d : Math.scalb(rnd.nextDouble(), rnd.nextInt(80) - 40);
  }

  private static String string(Random rnd) {
    String[] pool = {
      "a",
      "Z",
      "_",
      "-",
      " ",
      "0",
      "9",
      "\"",
      "\\",
      "/",
      "\n",
      "\t",
      "\r",
      "\b",
      "\f",
      "\u0000",
      "\u0001",
      "\u000b",
      "\u001f",
      "\u007f",
      "\u0080",
      "é",
      "ß",
      "–",
      "数",
      "据",
      "\u2028",
      "\ufeff",
      "\ud83d\ude80",
      "\ud800",
      "\udfff",
      "key",
      ":",
      "{",
      "}",
      "[",
      "]",
      "é".toUpperCase(),
      // runs of 16 and more characters between escapes (copied as substrings)
      "sixteen plain ascii characters and more",
      "Ünïcödé title with a long plain tail after it"
    };
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(pool[rnd.nextInt(pool.length)]);
    }
    return sb.toString();
  }
}
