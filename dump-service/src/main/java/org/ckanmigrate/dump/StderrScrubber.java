package org.ckanmigrate.dump;

import java.util.regex.Pattern;

/**
 * Removes what may be a secret from remote stderr before it reaches a log line or an error message:
 * passwords in connection strings and URLs, and password-like assignments.
 */
public final class StderrScrubber {

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^\\s:/@]+):[^\\s@/]*@");
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?i)\\b(password|passwd|pgpassword|secret|token)(\\s*[=:]\\s*)('[^']*'|\\S+)");

  private StderrScrubber() {}

  static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String out = URL_CREDENTIALS.matcher(text).replaceAll("$1:***@");
    out = ASSIGNMENT.matcher(out).replaceAll("$1$2***");
    return out;
  }

  /** The scrubbed last lines of stderr, at most {@code max} characters, on one line. */
  public static String excerpt(String stderr, int max) {
    String clean = scrub(stderr).strip().replaceAll("\\s*\\R\\s*", " | ");
    return clean.length() <= max ? clean : "..." + clean.substring(clean.length() - max);
  }
}
