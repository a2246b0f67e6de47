package org.ckanmigrate.load.dump;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ckanmigrate.artifact.PgDumpMarkers;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;

/**
 * Streams a plain-format pg_dump (any release from 9.x to 17) statement by statement, the way psql
 * splits it: {@code --} and nested block comments, standard and {@code E''} strings, quoted
 * identifiers, dollar-quoted bodies with tags, parentheses and SQL-standard {@code BEGIN ATOMIC}
 * function bodies; {@code COPY ... FROM stdin} data up to {@code \.} handed on byte for byte; the
 * meta-commands pg_dump writes ({@code \connect}, {@code \restrict}, {@code &#92;unrestrict}). Any
 * other meta-command is an error, never skipped. Memory is bounded by the longest statement: COPY
 * data is never held.
 *
 * <p>Works on bytes: every character that matters to the split is ASCII, and UTF-8 never uses ASCII
 * bytes inside a multi-byte character.
 */
public final class DumpReader implements Closeable {

  /** The comment pg_dump writes last; a dump without it was cut short. */
  private static final Pattern TOC_HEADER =
      Pattern.compile(
          "^-- (?:Data for )?Name: (.*); Type: (.*?); Schema: (.*?); Owner: ?(.*?)(?:; Tablespace:.*)?$");

  private static final Set<String> DATA_TYPES =
      Set.of("TABLE DATA", "SEQUENCE SET", "BLOBS", "LARGE OBJECTS", "BLOB DATA");
  private static final Set<String> POST_DATA_TYPES =
      Set.of(
          "INDEX",
          "INDEX ATTACH",
          "CONSTRAINT",
          "FK CONSTRAINT",
          "TRIGGER",
          "EVENT TRIGGER",
          "RULE",
          "MATERIALIZED VIEW DATA",
          "POLICY",
          "ROW SECURITY",
          "PUBLICATION TABLE",
          "PUBLICATION TABLES IN SCHEMA",
          "STATISTICS");
  private static final Set<String> KNOWN_META = Set.of("connect", "c", "restrict", "unrestrict");

  private InputStream in;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private boolean eof;
  private long bufStart; // offset in the stream of buf[0]
  private long line = 1;

  private Section section = Section.PRE_DATA;
  private TocEntry toc;
  private boolean standardConformingStrings = true;
  private boolean trailerSeen;
  private boolean contentAfterTrailer;
  private DumpItem.CopyStart pendingCopy;
  private long lastCopyBodyEnd;

  private byte[] stmt = new byte[4096];
  private int stmtLen;

  public DumpReader(InputStream in) {
    this.in = in;
  }

  /** Bytes consumed so far from the decompressed dump. */
  public long position() {
    return bufStart + pos;
  }

  /** Current 1-based line. */
  public long line() {
    return line;
  }

  /** Whether pg_dump's closing comment was read and nothing but meta-commands followed it. */
  public boolean complete() {
    return trailerSeen && !contentAfterTrailer;
  }

  /**
   * The next statement, COPY header or meta-command, or null at the end of the dump.
   *
   * @throws LoadFailedException UNKNOWN_META_COMMAND, or ARTIFACT_CORRUPT for a statement cut off
   *     by the end of the input
   */
  public DumpItem next() throws IOException {
    if (pendingCopy != null) {
      throw new IllegalStateException("COPY data at line " + pendingCopy.line() + " not consumed");
    }
    stmtLen = 0;
    long startLine = -1;
    int parenDepth = 0;
    int beginDepth = 0;
    // psql's heuristic for SQL-standard function bodies: the first words of the statement.
    int wordCount = 0;
    char[] firstWords = new char[4];
    while (true) {
      int c = read();
      if (c < 0) {
        if (startLine >= 0) {
          throw new LoadFailedException(
              ErrorCode.ARTIFACT_CORRUPT,
              "the dump ends inside the statement starting at line "
                  + startLine
                  + " (no terminating semicolon): the artifact was cut short");
        }
        return null;
      }
      if (startLine < 0) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
          continue;
        }
        if (c == '\\') {
          return metaCommand(line);
        }
        if (c == '-' && peek(0) == '-') {
          comment();
          continue;
        }
        startLine = line;
        if (trailerSeen) {
          contentAfterTrailer = true;
        }
      }
      append(c);
      switch (c) {
        case '-' -> {
          if (peek(0) == '-') {
            // A comment inside a statement: drop it, keep a line break so tokens stay apart.
            stmtLen--;
            skipToEndOfLine();
            append('\n');
          }
        }
        case '/' -> {
          if (peek(0) == '*') {
            append(read());
            blockComment();
          }
        }
        case '\'' -> quoted('\'', escapesOn());
        case '"' -> quoted('"', false);
        case '$' -> dollar();
        case '(' -> parenDepth++;
        case ')' -> parenDepth = Math.max(0, parenDepth - 1);
        case ';' -> {
          if (parenDepth == 0 && beginDepth == 0) {
            return finish(startLine);
          }
        }
        default -> {
          if (isIdentStart(c) && !isIdentChar(prev(2))) {
            String word = word();
            if (wordCount < firstWords.length) {
              firstWords[wordCount] = Character.toLowerCase(word.charAt(0));
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (wordCount < firstWords.length
                && !Set.of("create", "function", "procedure", "or", "replace").contains(lower)) {
              firstWords[wordCount] = 0;
            }
            wordCount++;
            if (parenDepth == 0 && createsRoutine(firstWords)) {
              switch (lower) {
                case "begin" -> beginDepth++;
                case "case" -> beginDepth += beginDepth > 0 ? 1 : 0;
                case "end" -> beginDepth = Math.max(0, beginDepth - 1);
                default -> {}
              }
            }
          }
        }
      }
    }
  }

  private static boolean createsRoutine(char[] w) {
    return w[0] == 'c'
        && (w[1] == 'f'
            || w[1] == 'p'
            || (w[1] == 'o' && w[2] == 'r' && (w[3] == 'f' || w[3] == 'p')));
  }

  /** Offset where the data of the last consumed COPY block ended (its {@code \.} line). */
  public long lastCopyBodyEnd() {
    return lastCopyBodyEnd;
  }

  /** Copies the pending COPY block's data (without the {@code \.} line) to out; returns rows. */
  public long copyBodyTo(OutputStream out) throws IOException {
    return copyBody(out);
  }

  /** Skips the pending COPY block's data; returns its rows. */
  public long skipCopyBody() throws IOException {
    return copyBody(null);
  }

  /**
   * Skips the pending COPY block without reading it: reading goes on from {@code next}, which must
   * start at {@code position} of the dump, just after the block's {@code \.} line. For a loader
   * that knows where the block ends and has it read elsewhere; lines advance by one per row (COPY
   * text rows are one line each).
   */
  public void skipCopyTo(InputStream next, long position, long rows) {
    if (pendingCopy == null) {
      throw new IllegalStateException("no COPY block pending");
    }
    pendingCopy = null;
    in = next;
    bufStart = position;
    pos = 0;
    lim = 0;
    eof = false;
    lastCopyBodyEnd = position - 3; // the "\.\n" line
    line += rows + 1;
  }

  private long copyBody(OutputStream out) throws IOException {
    DumpItem.CopyStart copy = pendingCopy;
    if (copy == null) {
      throw new IllegalStateException("no COPY block pending");
    }
    pendingCopy = null;
    long rows = 0;
    boolean atLineStart = true;
    while (true) {
      if (pos >= lim && !fill(1)) {
        throw unendedCopy(copy);
      }
      int start = pos;
      int i = pos;
      boolean needMore = false;
      while (i < lim) {
        if (atLineStart && buf[i] == '\\') {
          if (i + 2 >= lim && !eof) {
            needMore = true; // the line start must be seen whole to tell data from \.
            break;
          }
          if (i + 1 < lim
              && buf[i + 1] == '.'
              && (i + 2 >= lim || buf[i + 2] == '\n' || buf[i + 2] == '\r')) {
            if (out != null && i > start) {
              out.write(buf, start, i - start);
            }
            pos = i;
            lastCopyBodyEnd = position();
            pos += 2;
            if (pos < lim && buf[pos] == '\r') {
              pos++;
            }
            if (pos < lim && buf[pos] == '\n') {
              pos++;
              line++;
            }
            line += rows;
            return rows;
          }
        }
        // Jump to the end of the line: only line starts can hold the end marker.
        int nl = i;
        while (nl < lim && buf[nl] != '\n') {
          nl++;
        }
        if (nl == lim) {
          i = lim;
          atLineStart = false;
        } else {
          rows++;
          i = nl + 1;
          atLineStart = true;
        }
      }
      if (out != null && i > start) {
        out.write(buf, start, i - start);
      }
      pos = i;
      if (needMore) {
        fill(3);
      }
    }
  }

  private LoadFailedException unendedCopy(DumpItem.CopyStart copy) {
    return new LoadFailedException(
        ErrorCode.ARTIFACT_CORRUPT,
        "the COPY data starting at line "
            + copy.line()
            + " has no end marker (\\.) before the end of the dump: the artifact was cut short");
  }

  private static int indexOf(byte[] a, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private DumpItem finish(long startLine) throws IOException {
    String sql = new String(stmt, 0, stmtLen, StandardCharsets.UTF_8);
    SqlTokens tokens = SqlTokens.of(sql, 8);
    if (tokens.word(0).equals("copy") && SqlTokens.of(sql).isCopyFromStdin()) {
      skipToEndOfLine(); // psql reads the data from the next line on
      if (section == Section.PRE_DATA) {
        section = Section.DATA;
      }
      pendingCopy = new DumpItem.CopyStart(sql, startLine, section, toc, position());
      return pendingCopy;
    }
    if (tokens.word(0).equals("set") && tokens.word(1).equals("standard_conforming_strings")) {
      String value = tokens.text(tokens.word(2).equals("to") || tokens.text(2).equals("=") ? 3 : 2);
      standardConformingStrings = !value.replace("'", "").equalsIgnoreCase("off");
    }
    return new DumpItem.Statement(sql, startLine, section, toc);
  }

  private boolean escapesOn() {
    // E'...' (not the end of an identifier like "somE") or any string while
    // standard_conforming_strings is off.
    if (!standardConformingStrings) {
      return true;
    }
    int e = prev(2);
    return (e == 'E' || e == 'e') && !isIdentChar(prev(3));
  }

  /** Reads a quoted string or identifier whose opening quote was appended already. */
  private void quoted(int quote, boolean backslashEscapes) throws IOException {
    while (true) {
      int c = read();
      if (c < 0) {
        return; // reported as a cut statement by the caller
      }
      append(c);
      if (backslashEscapes && c == '\\') {
        int n = read();
        if (n >= 0) {
          append(n);
        }
      } else if (c == quote) {
        if (peek(0) == quote) {
          append(read());
        } else {
          return;
        }
      }
    }
  }

  /** A {@code $} was appended: read a dollar-quoted body if it opens one. */
  private void dollar() throws IOException {
    if (isIdentChar(prev(2))) {
      return; // part of an identifier such as a$b
    }
    int n = 0;
    int c = peek(0);
    if (c != '$') {
      if (!isIdentStart(c)) {
        return; // $1 parameter or a lone $
      }
      while (isIdentChar(peek(n)) && peek(n) != '$') {
        n++;
      }
      if (peek(n) != '$') {
        return;
      }
    }
    byte[] tag = new byte[n + 2];
    tag[0] = '$';
    for (int i = 0; i <= n; i++) {
      int b = read();
      append(b);
      tag[i + 1] = (byte) b;
    }
    // Body: find the same tag.
    while (true) {
      int b = read();
      if (b < 0) {
        return;
      }
      append(b);
      if (b == '$' && stmtLen >= tag.length * 2 - 1) {
        if (Arrays.equals(stmt, stmtLen - tag.length, stmtLen, tag, 0, tag.length)) {
          return;
        }
      }
    }
  }

  private void blockComment() throws IOException {
    int depth = 1;
    while (depth > 0) {
      int c = read();
      if (c < 0) {
        return;
      }
      append(c);
      if (c == '*' && peek(0) == '/') {
        append(read());
        depth--;
      } else if (c == '/' && peek(0) == '*') {
        append(read());
        depth++;
      }
    }
  }

  private String word() throws IOException {
    int start = stmtLen - 1;
    while (isIdentChar(peek(0)) && peek(0) != '$') {
      append(read());
    }
    return new String(stmt, start, stmtLen - start, StandardCharsets.UTF_8);
  }

  private void comment() throws IOException {
    String text = "-" + readLine();
    if (text.equals(PgDumpMarkers.COMPLETE_TRAILER)) {
      trailerSeen = true;
      return;
    }
    Matcher m = TOC_HEADER.matcher(text);
    if (m.matches()) {
      toc = new TocEntry(m.group(1), m.group(2), m.group(3), m.group(4).strip());
      String type = toc.type();
      if (DATA_TYPES.contains(type)) {
        if (section == Section.PRE_DATA) {
          section = Section.DATA;
        }
      } else if (section == Section.DATA || POST_DATA_TYPES.contains(type)) {
        section = Section.POST_DATA;
      }
    }
  }

  private DumpItem metaCommand(long at) throws IOException {
    String text = readLine().strip();
    int space = indexOfWhitespace(text);
    String command = space < 0 ? text : text.substring(0, space);
    String argument = space < 0 ? "" : text.substring(space).strip();
    if (!KNOWN_META.contains(command)) {
      throw new LoadFailedException(
          ErrorCode.UNKNOWN_META_COMMAND,
          "line "
              + at
              + " holds the psql meta-command \\"
              + command
              + ", which pg_dump does not write for a single database; remove it or load the file"
              + " with psql");
    }
    return new DumpItem.MetaCommand(
        command.equals("c") ? "connect" : command, argument, at, section);
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The rest of the current line, without its line break. */
  private String readLine() throws IOException {
    int start = stmtLen;
    while (true) {
      int c = read();
      if (c < 0 || c == '\n') {
        break;
      }
      append(c);
    }
    int end = stmtLen;
    if (end > start && stmt[end - 1] == '\r') {
      end--;
    }
    String s = new String(stmt, start, end - start, StandardCharsets.UTF_8);
    stmtLen = start;
    return s;
  }

  private void skipToEndOfLine() throws IOException {
    int c;
    do {
      c = read();
    } while (c >= 0 && c != '\n');
  }

  private static boolean isIdentStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentChar(int c) {
    return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
  }

  /** The byte {@code back} positions before the end of the statement buffer, or -1. */
  private int prev(int back) {
    return stmtLen - back >= 0 ? stmt[stmtLen - back] & 0xff : -1;
  }

  private void append(int c) {
    if (stmtLen == stmt.length) {
      stmt = Arrays.copyOf(stmt, stmt.length * 2);
    }
    stmt[stmtLen++] = (byte) c;
  }

  private int read() throws IOException {
    if (pos >= lim && !fill(1)) {
      return -1;
    }
    int c = buf[pos++] & 0xff;
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private int peek(int ahead) throws IOException {
    if (pos + ahead >= lim && !fill(ahead + 1)) {
      return -1;
    }
    return pos + ahead < lim ? buf[pos + ahead] & 0xff : -1;
  }

  /** Makes at least {@code need} bytes available from pos, if the input has them. */
  private boolean fill(int need) throws IOException {
    if (lim - pos >= need) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      bufStart += pos;
      lim -= pos;
      pos = 0;
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
    while (lim - pos < need && !eof) {
      int n = in.read(buf, lim, buf.length - lim);
      if (n < 0) {
        eof = true;
      } else {
        lim += n;
      }
    }
    return lim - pos >= need;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
