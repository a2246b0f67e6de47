package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * Keeps autovacuum off the tables of the staging database while they are loaded and indexed.
 *
 * <p>Each table's COPY commits on its own, so autovacuum sees a freshly filled table and starts
 * vacuuming and analysing it while the index builds want the same CPU; its work is then cancelled
 * by the next index build's lock and repeated later. psql's single transaction hides its tables
 * until the end, so a bulk load should too. Only tables whose dump sets no autovacuum option of its
 * own are paused, so resuming with {@code RESET} restores exactly what the dump created.
 */
final class AutovacuumPause {

  private AutovacuumPause() {}

  /** Turns autovacuum off for the database's tables; returns those it changed. */
  static List<QualifiedName> pause(Connection c) throws SQLException {
    List<QualifiedName> paused = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT n.nspname, c.relname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_class t ON t.oid = c.reltoastrelid"
                    + " WHERE c.relkind = 'r' AND n.nspname <> 'information_schema'"
                    + " AND n.nspname NOT LIKE 'pg\\_%'"
                    + " AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(c.reloptions, '{}')"
                    + " || coalesce(t.reloptions, '{}')) o WHERE o LIKE 'autovacuum_enabled=%')"
                    + " ORDER BY 1, 2")) {
      while (rs.next()) {
        paused.add(new QualifiedName(rs.getString(1), rs.getString(2)));
      }
    }
    List<QualifiedName> changed = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (QualifiedName table : paused) {
        try {
          s.execute(
              "ALTER TABLE "
                  + table.sql()
                  + " SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
          changed.add(table);
        } catch (SQLException e) {
          if (!"42501".equals(e.getSQLState())) {
            throw e;
          }
          // Owned by a mapped role the loading role cannot act for: leave it to autovacuum.
        }
      }
    }
    return changed;
  }

  /** Gives the tables back to autovacuum (it analyses them soon after, as after psql). */
  static void resume(Connection c, List<QualifiedName> paused) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (QualifiedName table : paused) {
        s.execute(
            "ALTER TABLE " + table.sql() + " RESET (autovacuum_enabled, toast.autovacuum_enabled)");
      }
    }
  }
}
