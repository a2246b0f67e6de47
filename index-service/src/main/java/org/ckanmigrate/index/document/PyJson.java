package org.ckanmigrate.index.document;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Serialises dicts the way CKAN's Python {@code json.dumps} does with its defaults: {@code ", "}
 * and {@code ": "} separators, {@code ensure_ascii} escaping of everything outside printable ASCII
 * (astral characters as surrogate pairs), insertion order, {@code null}/{@code true}/{@code false}.
 * The stored {@code data_dict} strings must be byte-identical to CKAN's, since CKAN hands them out
 * verbatim from {@code package_search}.
 */
final class PyJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PyJson() {}

  /** {@code json.dumps(value)}. */
  public static String dumps(Object value) {
    StringBuilder out = new StringBuilder(4096);
    write(out, value, true, false);
    return out.toString();
  }

  /** {@code json.dumps(value, sort_keys=True, ensure_ascii=False)}, as CKAN's unicode_safe uses. */
  static String dumpsSortedUnicode(Object value) {
    StringBuilder out = new StringBuilder(64);
    write(out, value, false, true);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, boolean ascii, boolean sorted) {
    if (value == null || value == Missing.VALUE) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(out, s, ascii);
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      out.append(PyFloat.repr(((Number) value).doubleValue()));
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
      if (sorted) {
        java.util.List<Map.Entry<?, ?>> list = new java.util.ArrayList<>(map.entrySet());
        list.sort(
            (a, b) ->
                ShowSchema.comparePython(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
        entries = list;
      }
      for (Map.Entry<?, ?> e : entries) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        writeString(out, String.valueOf(e.getKey()), ascii);
        out.append(": ");
        write(out, e.getValue(), ascii, sorted);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        write(out, list.get(i), ascii, sorted);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "Cannot serialise " + value.getClass().getName() + " as CKAN JSON");
    }
  }

  static void writeString(StringBuilder out, String s, boolean ascii) {
    out.append('"');
    int n = s.length();
    int run = 0; // start of the pending run of characters written as they are
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && (c <= 0x7e || !ascii)) {
        continue;
      }
      if (run < i) {
        appendRun(out, s, run, i);
      }
      run = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default ->
            // UTF-16 code units are exactly what Python's ensure_ascii emits (pairs for astral).
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
      }
    }
    if (run == 0) {
      // Most strings need no escape: append(String) copies arrays.
      out.append(s);
    } else if (run < n) {
      appendRun(out, s, run, n);
    }
    out.append('"');
  }

  // append(s, from, to) copies character by character; a substring is copied (and compacted to
  // Latin-1 when it can be) with array copies, which pays for its allocation on longer runs. Text
  // with non-ASCII characters is split into such runs by every escape.
  private static void appendRun(StringBuilder out, String s, int from, int to) {
    if (to - from >= 16) {
      out.append(s.substring(from, to));
    } else {
      out.append(s, from, to);
    }
  }
}
