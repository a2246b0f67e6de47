package org.ckanmigrate.schema.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ckanmigrate.schema.OwnSchema;

/**
 * Rows changed so far in the current transaction, by table, from PostgreSQL's {@code
 * pg_stat_xact_user_tables}. It counts what a script's statements did, including rows deleted by ON
 * DELETE CASCADE and rows changed inside DO blocks, which JDBC update counts would miss.
 */
final class RowCounts {

  private RowCounts() {}

  static Map<String, Long> snapshot(Connection c) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT schemaname, relname, n_tup_ins + n_tup_upd + n_tup_del"
                    + " FROM pg_stat_xact_user_tables WHERE schemaname <> '"
                    + OwnSchema.NAME
                    + "'")) {
      while (rs.next()) {
        long n = rs.getLong(3);
        if (n > 0) {
          String schema = rs.getString(1);
          String table = "public".equals(schema) ? rs.getString(2) : schema + "." + rs.getString(2);
          counts.put(table, n);
        }
      }
    }
    return counts;
  }

  /** Per-table differences {@code after - before}, only tables that changed. */
  static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach(
        (table, n) -> {
          long d = n - before.getOrDefault(table, 0L);
          if (d > 0) {
            out.put(table, d);
          }
        });
    return out;
  }

  static long total(Map<String, Long> byTable) {
    return byTable.values().stream().mapToLong(Long::longValue).sum();
  }
}
