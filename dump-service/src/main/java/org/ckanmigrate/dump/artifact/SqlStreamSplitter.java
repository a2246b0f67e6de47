package org.ckanmigrate.dump.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.artifact.PgDumpMarkers;

/**
 * Reads a plain-format pg_dump as it streams and hands it to a {@link MemberWriter}, ending a
 * member before each {@code COPY ... FROM stdin;} statement and after its {@code \.} line, so every
 * table's data is one member. Counts each block's rows (COPY text format escapes newlines inside
 * values, so one line is one row) and notices the completeness trailer and the version header
 * lines.
 *
 * <p>Lines outside COPY blocks are buffered whole (they are SQL statements and comments); COPY data
 * passes through without being copied.
 */
final class SqlStreamSplitter {

  private static final String DUMPED_BY = "-- Dumped by pg_dump version ";
  private static final String DUMPED_FROM = "-- Dumped from database version ";

  private final MemberWriter out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final List<DumpManifest.TableCopy> tables = new ArrayList<>();
  private long uncompressed;
  private boolean complete;
  private String pgDumpVersion;
  private String serverVersion;

  // State of the COPY block being streamed.
  private String copyTable;
  private long copyRows;
  private long copyFileOffset;
  private long copyUncompressedOffset;
  private int copyLineLength;
  private byte copyFirst;
  private byte copySecond;

  SqlStreamSplitter(MemberWriter out) {
    this.out = out;
  }

  void write(byte[] data, int offset, int length) throws IOException {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      if (copyTable != null) {
        i = copyData(data, i, end);
      } else {
        int newline = indexOf(data, i, end);
        int stop = newline < 0 ? end : newline + 1;
        line.write(data, i, stop - i);
        if (newline >= 0) {
          statementLine();
        }
        i = stop;
      }
    }
  }

  /**
   * Counts the rows of COPY data from {@code from}, passing them on in one write per chunk (per-row
   * writes would cost a deflate and digest call per row). Returns where the block's end left off,
   * or {@code end}.
   */
  private int copyData(byte[] data, int from, int end) throws IOException {
    int i = from;
    boolean blockEnded = false;
    while (i < end) {
      int newline = indexOf(data, i, end);
      int stop = newline < 0 ? end : newline + 1;
      trackCopyLine(data, i, stop);
      i = stop;
      if (newline < 0) {
        break;
      }
      // "\." plus newline ends the block; a data row never starts with "\." (COPY escapes "\").
      if (copyLineLength == 3 && copyFirst == '\\' && copySecond == '.') {
        blockEnded = true;
        copyLineLength = 0;
        break;
      }
      copyRows++;
      copyLineLength = 0;
    }
    out.write(data, from, i - from);
    uncompressed += i - from;
    if (blockEnded) {
      out.endMember();
      tables.add(
          new DumpManifest.TableCopy(
              copyTable,
              copyRows,
              copyFileOffset,
              out.fileOffset() - copyFileOffset,
              copyUncompressedOffset,
              uncompressed - copyUncompressedOffset));
      copyTable = null;
    }
    return i;
  }

  private static int indexOf(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void trackCopyLine(byte[] data, int from, int to) {
    for (int i = from; i < to && copyLineLength + (i - from) < 2; i++) {
      if (copyLineLength + (i - from) == 0) {
        copyFirst = data[i];
      } else {
        copySecond = data[i];
      }
    }
    copyLineLength += to - from;
  }

  private void statementLine() throws IOException {
    byte[] bytes = line.toByteArray();
    line.reset();
    String text = new String(bytes, StandardCharsets.UTF_8);
    String trimmed = text.strip();
    String table = copyTarget(trimmed);
    if (table != null) {
      out.endMember();
      copyTable = table;
      copyRows = 0;
      copyLineLength = 0;
      copyFileOffset = out.fileOffset();
      copyUncompressedOffset = uncompressed;
    }
    out.write(bytes, 0, bytes.length);
    uncompressed += bytes.length;
    noteTrailerAndHeader(trimmed, table != null);
  }

  private void noteTrailerAndHeader(String trimmed, boolean copyStatement) {
    if (trimmed.equals(PgDumpMarkers.COMPLETE_TRAILER)) {
      complete = true;
    } else if (copyStatement
        || !(trimmed.isEmpty() || trimmed.startsWith("--") || trimmed.startsWith("\\"))) {
      complete = false; // anything real after the marker means it was not the end
    }
    if (pgDumpVersion == null && trimmed.startsWith(DUMPED_BY)) {
      pgDumpVersion = trimmed.substring(DUMPED_BY.length()).strip();
    } else if (serverVersion == null && trimmed.startsWith(DUMPED_FROM)) {
      serverVersion = trimmed.substring(DUMPED_FROM.length()).strip();
    }
  }

  /** The table of a {@code COPY <table> [(cols)] FROM stdin;} line, else null. */
  static String copyTarget(String trimmed) {
    if (!trimmed.startsWith("COPY ") || !trimmed.endsWith(" FROM stdin;")) {
      return null;
    }
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = 5; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ' ' || c == '(')) {
        break;
      }
      name.append(c);
    }
    return name.toString();
  }

  /** Flushes a last line without newline and ends the last member. */
  DumpScan finish() throws IOException {
    if (line.size() > 0) {
      statementLine();
    }
    out.finish();
    return new DumpScan(
        complete && copyTable == null,
        pgDumpVersion,
        serverVersion,
        uncompressed,
        List.copyOf(tables),
        copyTable);
  }
}
