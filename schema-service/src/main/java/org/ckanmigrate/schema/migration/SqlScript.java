package org.ckanmigrate.schema.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a PostgreSQL script into statements and replaces {@code ${name}} placeholders the way
 * Flyway does, for the dry run (which executes scripts itself so that it can roll them back).
 */
final class SqlScript {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");
  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*\\$|\\$\\$");

  private SqlScript() {}

  static String replacePlaceholders(String sql, Map<String, String> values, String script) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value == null) {
        value = values.get(name.toLowerCase(Locale.ROOT));
      }
      if (value == null) {
        throw new IllegalArgumentException(
            "No value for placeholder ${"
                + name
                + "} in "
                + script
                + ": set it in the run spec's schema.parameters");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Statements of {@code sql}, without the trailing semicolons; comments-only pieces dropped. */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean meaningful = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char ch = sql.charAt(i);
      if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(sql, i, end);
        i = end;
      } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        current.append(sql, i, end);
        i = end;
      } else if (ch == '\'' || ch == '"') {
        int end = i + 1;
        while (end < n) {
          if (sql.charAt(end) == ch) {
            if (end + 1 < n && sql.charAt(end + 1) == ch) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, n);
        current.append(sql, i, end);
        meaningful = true;
        i = end;
      } else if (ch == '$') {
        Matcher m = DOLLAR_TAG.matcher(sql).region(i, n);
        if (m.lookingAt()) {
          String tag = m.group();
          int close = sql.indexOf(tag, m.end());
          int end = close < 0 ? n : close + tag.length();
          current.append(sql, i, end);
          meaningful = true;
          i = end;
        } else {
          current.append(ch);
          i++;
        }
      } else if (ch == ';') {
        if (meaningful) {
          statements.add(current.toString().strip());
        }
        current.setLength(0);
        meaningful = false;
        i++;
      } else {
        if (!Character.isWhitespace(ch)) {
          meaningful = true;
        }
        current.append(ch);
        i++;
      }
    }
    if (meaningful) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
