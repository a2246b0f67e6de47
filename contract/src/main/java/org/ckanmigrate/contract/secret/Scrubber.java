package org.ckanmigrate.contract.secret;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that removes secrets from text before it reaches a log line (stack traces too), an
 * event, a dead-letter header, an exception message, a metric or the CLI's output.
 *
 * <p>It errs on the side of masking too much: a password may hold any character, so
 *
 * <ul>
 *   <li>URL user-info ({@code scheme://user:secret@host}) is masked up to the <em>last</em>
 *       {@code @} before the next whitespace, so {@code p@ss/w:rd} goes whole;
 *   <li>a secret-like key ({@code password}, {@code PGPASSWORD}, {@code
 *       spring.datasource.password}, {@code "apiToken"}, {@code client_secret}...) followed by
 *       {@code =} or {@code :}, bare or quoted as in JSON, YAML, properties, libpq and JDBC
 *       strings, loses its value: a quoted value up to its closing quote, an unquoted one up to the
 *       next known key ({@code host=}, {@code &ssl=}) or the end of the line, spaces included;
 *   <li>{@code Authorization: Bearer/Basic ...} loses its credentials.
 * </ul>
 *
 * Text is scrubbed line by line, so a stack trace keeps its shape.
 */
public final class Scrubber {

  public static final String MASK = "****";

  /** Scheme, then user, then everything to the last {@code @} before whitespace is the password. */
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://[^\\s:/@]*):\\S*@");

  private static final String SECRET_WORD =
      "(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|private[_-]?key|credentials?"
          + "|jaas\\.config|authorization)";

  /** A key holding a secret word: {@code PGPASSWORD}, {@code spring.datasource.password}... */
  private static final String SECRET_KEY = "[A-Za-z0-9_.-]*" + SECRET_WORD + "[A-Za-z0-9_.-]*";

  /**
   * Keys that end an unquoted value: libpq/JDBC connection keywords and the usual neighbours of a
   * password in a URL query, a map's toString or a log line. Anything else stays masked.
   */
  private static final String KNOWN_KEY =
      "(?:user|username|host|hostaddr|port|dbname|database|db|sslmode|ssl|sslcert|sslkey"
          + "|sslrootcert|application_name|connect_timeout|options|target_session_attrs|schema"
          + "|currentSchema|loginTimeout|socketTimeout|url|jdbcUrl|file|env|name|email|id)";

  /**
   * Where a value ends: before a known key after delimiters, {@code key=} or JSON's {@code "key":}
   * (a bare {@code key:} is too likely inside a secret).
   */
  private static final String NEXT_KEY =
      "[\\s,;&]+(?:" + KNOWN_KEY + "[ \\t]*=|\"" + KNOWN_KEY + "\"[ \\t]*:)";

  /**
   * A quoted value counts as one only when what follows it is the end of the line, a known key or a
   * JSON key; otherwise the quote was part of a bare secret ({@code 'ab' cd}) and all of it goes.
   */
  private static final String QUOTED =
      "(?:\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|'(?:[^'\\\\\\r\\n]|\\\\.)*')"
          + "(?=[\\s,;&}\\])]*(?:$|"
          + KNOWN_KEY
          + "[ \\t]*=|\"[^\"\\r\\n]*\"[ \\t]*:))";

  /** An unquoted value runs to the next known key, or to the end of the line. */
  private static final String UNQUOTED = "[^\\r\\n]*?(?=" + NEXT_KEY + "|$)";

  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9_.-])([\"']?"
              + SECRET_KEY
              + "[\"']?)([ \\t]*[=:][ \\t]*)("
              + QUOTED
              + "|"
              + UNQUOTED
              + ")",
          Pattern.MULTILINE);

  private Scrubber() {}

  /** {@code text} with every secret it may hold replaced by {@link #MASK}; null stays null. */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    boolean url = lower.contains("://");
    if (!url && !mayHoldSecretKey(lower)) {
      return text; // most log lines: no regex work at all
    }
    String out = url ? URL_USERINFO.matcher(text).replaceAll("$1:" + MASK + "@") : text;
    Matcher m = KEY_VALUE.matcher(out);
    StringBuilder sb = new StringBuilder(out.length());
    while (m.find()) {
      String value = m.group(3);
      String masked;
      if (value.isEmpty()) {
        masked = ""; // nothing to hide; keeps "password: " in prose readable
      } else if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
        masked = value.charAt(0) + MASK + value.charAt(0);
      } else {
        masked = MASK;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + masked));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A cheap test before the regex: can a {@link #SECRET_WORD} occur in the (lower-cased) text? */
  private static boolean mayHoldSecretKey(String lower) {
    for (String word : PREFILTER) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** A piece of every alternative of {@link #SECRET_WORD}, lower case. */
  private static final String[] PREFILTER = {
    "pass", "pwd", "secret", "token", "key", "credential", "jaas", "authorization"
  };

  /** A throwable's message, scrubbed, without its stack trace: for headers, events and replies. */
  public static String message(Throwable t) {
    if (t == null) {
      return "";
    }
    String message = t.getMessage();
    return scrub(t.getClass().getName() + (message == null ? "" : ": " + message));
  }

  /**
   * The scrubbed last lines of {@code text} (remote stderr), at most {@code max} chars, one line.
   */
  public static String excerpt(String text, int max) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String clean = scrub(text).strip().replaceAll("\\s*\\R\\s*", " | ");
    return clean.length() <= max ? clean : "..." + clean.substring(clean.length() - max);
  }
}
