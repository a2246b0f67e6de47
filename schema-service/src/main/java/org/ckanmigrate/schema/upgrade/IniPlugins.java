package org.ckanmigrate.schema.upgrade;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and rewrites {@code ckan.plugins} in a ckan.ini without touching anything else: the file is
 * handled as ISO-8859-1 so every byte round-trips, and only the plugin names on the option's own
 * lines (including indented continuation lines) change.
 */
final class IniPlugins {

  private static final Pattern OPTION =
      Pattern.compile("^(\\s*ckan\\.plugins\\s*[=:])(.*)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^]]+)]\\s*$");

  private IniPlugins() {}

  /** The plugins {@code ckan.plugins} lists, in order. */
  public static List<String> plugins(byte[] ini) {
    List<String> out = new ArrayList<>();
    for (Line line : optionLines(ini)) {
      for (String token : line.value().trim().split("\\s+")) {
        if (!token.isEmpty()) {
          out.add(token);
        }
      }
    }
    return out;
  }

  /** Whether {@code plugin} matches one of {@code patterns} ({@code *} matches anything). */
  public static boolean matches(String plugin, List<String> patterns) {
    for (String p : patterns) {
      String regex = ("\\Q" + p + "\\E").replace("*", "\\E.*\\Q");
      if (plugin.matches(regex)) {
        return true;
      }
    }
    return false;
  }

  /** The ini with every plugin matching {@code patterns} removed from {@code ckan.plugins}. */
  public static byte[] withoutPlugins(byte[] ini, List<String> patterns) {
    String text = new String(ini, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    for (Line line : optionLines(ini)) {
      out.append(text, pos, line.valueStart());
      out.append(filter(line.value(), patterns));
      pos = line.valueEnd();
    }
    out.append(text.substring(pos));
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Removes matching tokens, keeping the spacing between the ones that stay. */
  private static String filter(String value, List<String> patterns) {
    Matcher m = Pattern.compile("\\S+").matcher(value);
    StringBuilder out = new StringBuilder();
    int pos = 0;
    boolean first = true;
    String leading = "";
    while (m.find()) {
      String separator = value.substring(pos, m.start());
      if (first) {
        leading = separator;
      }
      if (!matches(m.group(), patterns)) {
        out.append(out.isEmpty() ? leading : separator).append(m.group());
      }
      first = false;
      pos = m.end();
    }
    if (out.isEmpty()) {
      out.append(leading);
    }
    out.append(value.substring(pos));
    return out.toString();
  }

  private record Line(int valueStart, int valueEnd, String value) {}

  /** The value parts of the {@code ckan.plugins} option in section {@code [app:main]}. */
  private static List<Line> optionLines(byte[] ini) {
    String text = new String(ini, StandardCharsets.ISO_8859_1);
    List<Line> lines = new ArrayList<>();
    String section = null;
    boolean inOption = false;
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      String content = text.substring(start, contentEnd);
      Matcher sec = SECTION.matcher(content);
      if (sec.matches()) {
        section = sec.group(1).trim();
        inOption = false;
      } else if (inOption
          && !content.isEmpty()
          && Character.isWhitespace(content.charAt(0))
          && !content.trim().startsWith("#")
          && !content.trim().startsWith(";")) {
        lines.add(new Line(start, contentEnd, content));
      } else {
        inOption = false;
        Matcher opt = OPTION.matcher(content);
        if ("app:main".equalsIgnoreCase(section) && opt.matches()) {
          int valueStart = start + opt.group(1).length();
          lines.add(new Line(valueStart, contentEnd, opt.group(2)));
          inOption = true;
        }
      }
      start = end + 1;
    }
    return lines;
  }
}
