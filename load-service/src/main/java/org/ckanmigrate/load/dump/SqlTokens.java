package org.ckanmigrate.load.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one SQL statement, enough to recognise what pg_dump wrote (which object, which
 * table) without a full parser: words, quoted identifiers, strings, dollar-quoted bodies, numbers
 * and single-character operators. Comments are dropped.
 */
final class SqlTokens {

  enum Type {
    WORD,
    QUOTED_IDENT,
    STRING,
    DOLLAR,
    NUMBER,
    OP
  }

  record Token(Type type, String text) {}

  /** A qualified name and the index of the token after it. */
  public record NameAt(QualifiedName name, List<String> parts, int next) {}

  private final List<Token> tokens;

  private SqlTokens(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Tokenises {@code sql}, stopping after {@code max} tokens. */
  public static SqlTokens of(String sql, int max) {
    List<Token> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n && out.size() < max) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int depth = 0;
        do {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        } while (depth > 0 && i < n);
      } else if (c == '\'') {
        int end = endOfQuoted(sql, i, '\'', false);
        out.add(new Token(Type.STRING, sql.substring(i, end)));
        i = end;
      } else if (c == '"') {
        int end = endOfQuoted(sql, i, '"', false);
        String inner = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
        out.add(new Token(Type.QUOTED_IDENT, inner));
        i = end;
      } else if (c == '$'
          && i + 1 < n
          && (sql.charAt(i + 1) == '$' || identStart(sql.charAt(i + 1)))) {
        int t = i + 1;
        while (t < n && identPart(sql.charAt(t))) {
          t++;
        }
        if (t < n && sql.charAt(t) == '$') {
          String tag = sql.substring(i, t + 1);
          int close = sql.indexOf(tag, t + 1);
          int end = close < 0 ? n : close + tag.length();
          out.add(new Token(Type.DOLLAR, sql.substring(i, end)));
          i = end;
        } else {
          out.add(new Token(Type.OP, "$"));
          i++;
        }
      } else if (identStart(c)) {
        int start = i;
        while (i < n && (identPart(sql.charAt(i)) || sql.charAt(i) == '$')) {
          i++;
        }
        String word = sql.substring(start, i);
        if (i < n && sql.charAt(i) == '\'' && word.length() == 1) {
          // E'...', B'...', X'...', N'...': one string token.
          int end = endOfQuoted(sql, i, '\'', word.equalsIgnoreCase("e"));
          out.add(new Token(Type.STRING, sql.substring(start, end)));
          i = end;
        } else {
          out.add(new Token(Type.WORD, word));
        }
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        out.add(new Token(Type.NUMBER, sql.substring(start, i)));
      } else {
        out.add(new Token(Type.OP, String.valueOf(c)));
        i++;
      }
    }
    return new SqlTokens(out);
  }

  public static SqlTokens of(String sql) {
    return of(sql, Integer.MAX_VALUE);
  }

  private static int endOfQuoted(String s, int open, char quote, boolean backslash) {
    int i = open + 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && s.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  private static boolean identStart(char c) {
    return Character.isLetter(c) || c == '_' || c >= 0x80;
  }

  private static boolean identPart(char c) {
    return identStart(c) || Character.isDigit(c);
  }

  public int size() {
    return tokens.size();
  }

  /** The token's text (quoted identifiers without their quotes), or "" past the end. */
  public String text(int i) {
    return i >= 0 && i < tokens.size() ? tokens.get(i).text() : "";
  }

  /** The lower-cased word at i, or "" if that token is not an unquoted word. */
  public String word(int i) {
    if (i < 0 || i >= tokens.size() || tokens.get(i).type() != Type.WORD) {
      return "";
    }
    return tokens.get(i).text().toLowerCase(Locale.ROOT);
  }

  boolean isString(int i) {
    return i >= 0 && i < tokens.size() && tokens.get(i).type() == Type.STRING;
  }

  /** Index of the first unquoted word {@code w} (lower case) at or after from, or -1. */
  public int indexOfWord(String w, int from) {
    for (int i = Math.max(0, from); i < tokens.size(); i++) {
      if (word(i).equals(w)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the words at i, i+1, ... are exactly {@code words}. */
  public boolean wordsAt(int i, String... words) {
    for (int k = 0; k < words.length; k++) {
      if (!word(i + k).equals(words[k])) {
        return false;
      }
    }
    return true;
  }

  /** Whether this is {@code COPY ... FROM stdin}. */
  public boolean isCopyFromStdin() {
    if (!word(0).equals("copy")) {
      return false;
    }
    int from = indexOfWord("from", 1);
    while (from > 0) {
      if (word(from + 1).equals("stdin")) {
        return true;
      }
      from = indexOfWord("from", from + 1);
    }
    return false;
  }

  /**
   * The possibly qualified name at i ({@code a}, {@code "A"}, {@code s.t}, {@code "s"."T"}), or
   * null when no identifier is there. Unquoted parts are folded to lower case, as the server does.
   */
  public NameAt nameAt(int i) {
    List<String> parts = new ArrayList<>();
    int k = i;
    while (true) {
      if (k >= tokens.size()) {
        break;
      }
      Token t = tokens.get(k);
      if (t.type() == Type.WORD) {
        parts.add(t.text().toLowerCase(Locale.ROOT));
      } else if (t.type() == Type.QUOTED_IDENT) {
        parts.add(t.text());
      } else {
        break;
      }
      k++;
      if (text(k).equals(".") && tokens.get(k).type() == Type.OP) {
        k++;
      } else {
        break;
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    QualifiedName name =
        parts.size() == 1
            ? new QualifiedName(null, parts.get(0))
            : new QualifiedName(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
    return new NameAt(name, List.copyOf(parts), k);
  }
}
