package org.ckanmigrate.stack.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Map;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Streams rows into one table with {@code COPY ... FROM STDIN} (text format), in chunks, and feeds
 * every byte it sends into the catalogue's content digest.
 */
final class CopyWriter implements AutoCloseable {

  private static final int FLUSH_CHARS = 256 * 1024;

  private final CopyIn copy;
  private final MessageDigest digest;
  private final Map<String, Long> rowCounts;
  private final Map<String, Long> copyNanos;
  private final long started = System.nanoTime();
  private final String table;
  private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 64 * 1024);
  private boolean firstField = true;
  private long rows;

  private CopyWriter(
      CopyIn copy,
      MessageDigest digest,
      Map<String, Long> rowCounts,
      Map<String, Long> copyNanos,
      String table) {
    this.copy = copy;
    this.digest = digest;
    this.rowCounts = rowCounts;
    this.copyNanos = copyNanos;
    this.table = table;
  }

  /** Starts a COPY into {@code table} (unquoted name as in CKAN) over the given columns. */
  static CopyWriter open(
      CopyManager manager,
      MessageDigest digest,
      Map<String, Long> rowCounts,
      Map<String, Long> copyNanos,
      String table,
      String columns)
      throws SQLException {
    String sql = "COPY " + quote(table) + " (" + columns + ") FROM STDIN";
    digest.update(sql.getBytes(StandardCharsets.UTF_8));
    return new CopyWriter(manager.copyIn(sql), digest, rowCounts, copyNanos, table);
  }

  private static String quote(String table) {
    return "user".equals(table) || "group".equals(table) ? '"' + table + '"' : table;
  }

  CopyWriter add(String value) {
    separate();
    if (value == null) {
      buffer.append("\\N");
    } else {
      escape(value, buffer);
    }
    return this;
  }

  CopyWriter add(long value) {
    separate();
    buffer.append(value);
    return this;
  }

  CopyWriter add(Boolean value) {
    separate();
    buffer.append(value == null ? "\\N" : value ? "t" : "f");
    return this;
  }

  CopyWriter add(Integer value) {
    separate();
    if (value == null) {
      buffer.append("\\N");
    } else {
      buffer.append(value.intValue());
    }
    return this;
  }

  /** Ends the current row. */
  void end() throws SQLException {
    buffer.append('\n');
    firstField = true;
    rows++;
    if (buffer.length() >= FLUSH_CHARS) {
      flush();
    }
  }

  private void separate() {
    if (!firstField) {
      buffer.append('\t');
    }
    firstField = false;
  }

  /** COPY text format: backslash, tab, newline and carriage return must be escaped. */
  static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  private void flush() throws SQLException {
    if (buffer.isEmpty()) {
      return;
    }
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    buffer.setLength(0);
    digest.update(bytes);
    copy.writeToCopy(bytes, 0, bytes.length);
  }

  @Override
  public void close() throws SQLException {
    try {
      flush();
      copy.endCopy();
      rowCounts.merge(table, rows, Long::sum);
      copyNanos.merge(table, System.nanoTime() - started, Long::sum);
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
