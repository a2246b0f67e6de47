package org.ckanmigrate.load.verify;

import java.util.List;
import java.util.Map;

/** The per-run summary written to the log, in the spirit of pgcopydb's. */
public final class SummaryTable {

  /** One table's line. */
  public record Row(String table, long rows, long bytes, long millis) {}

  private SummaryTable() {}

  public static String render(Map<String, Long> stepMillis, List<Row> tables, int maxTables) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%n%-28s %12s%n", "Step", "Duration"));
    sb.append("-".repeat(41)).append('\n');
    long total = 0;
    for (Map.Entry<String, Long> e : stepMillis.entrySet()) {
      sb.append(String.format("%-28s %12s%n", e.getKey(), duration(e.getValue())));
      total += e.getValue();
    }
    sb.append(String.format("%-28s %12s%n", "total", duration(total)));
    sb.append(String.format("%n%-40s %12s %12s %10s%n", "Table", "Rows", "Bytes", "Duration"));
    sb.append("-".repeat(77)).append('\n');
    long rows = 0;
    long bytes = 0;
    int shown = 0;
    for (Row r : tables) {
      rows += r.rows();
      bytes += r.bytes();
      if (shown++ < maxTables) {
        sb.append(
            String.format(
                "%-40s %12d %12s %10s%n",
                r.table(), r.rows(), size(r.bytes()), duration(r.millis())));
      }
    }
    if (tables.size() > maxTables) {
      sb.append(String.format("... %d more tables%n", tables.size() - maxTables));
    }
    sb.append(String.format("%-40s %12d %12s%n", tables.size() + " tables", rows, size(bytes)));
    return sb.toString();
  }

  static String duration(long ms) {
    return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f kB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format("%.2f GB", bytes / (1024.0 * 1024 * 1024));
  }
}
