package org.ckanmigrate.common.secret;

import java.util.regex.Pattern;

/**
 * Removes secrets from text before it reaches a log, an event, an exception message or a metric:
 * passwords in URLs ({@code scheme://user:secret@host}), password-like query parameters and {@code
 * key=value} pairs, and PostgreSQL connection-string passwords.
 */
public final class Scrubber {

  public static final String MASK = "****";

  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]*):[^@\\s/]*@");
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)\\b((?:pg)?password|passwd|pwd|secret|token|api[_-]?key|apikey|private[_-]?key)"
              + "(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,'\"]+)");

  private Scrubber() {}

  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = URL_USERINFO.matcher(text).replaceAll("$1:" + MASK + "@");
    return KEY_VALUE.matcher(out).replaceAll("$1$2" + MASK);
  }
}
