package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyJsonTest {

  @Test
  void usesPythonSeparatorsAndInsertionOrder() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("b", 1);
    d.put("a", Arrays.asList(true, false, null));
    d.put("c", Map.of());
    assertThat(PyJson.dumps(d)).isEqualTo("{\"b\": 1, \"a\": [true, false, null], \"c\": {}}");
  }

  @Test
  void escapesNonAsciiLikeEnsureAscii() {
    assertThat(PyJson.dumps("Données – 数据 🚀"))
        .isEqualTo("\"Donn\\u00e9es \\u2013 \\u6570\\u636e \\ud83d\\ude80\"");
  }

  @Test
  void escapesControlCharactersQuotesAndDelete() {
    assertThat(PyJson.dumps("a\"b\\c\n\t\r\b\f\u0001\u007f"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u007f\"");
  }

  @Test
  void writesFloatsLikePythonRepr() {
    assertThat(PyJson.dumps(List.of(1.0, 0.1, 1e16, 1.5e-5, 0.0001, -2.5, 123456789.0)))
        .isEqualTo("[1.0, 0.1, 1e+16, 1.5e-05, 0.0001, -2.5, 123456789.0]");
  }

  @Test
  void unicodeSafeDumpsSortedWithoutEscaping() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("z", "é");
    d.put("a", 1);
    assertThat(PyJson.dumpsSortedUnicode(d)).isEqualTo("{\"a\": 1, \"z\": \"é\"}");
  }
}
