package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
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

  /** Turns autovacuum off for {@code tables}; returns those it changed. */
  static List<QualifiedName> pause(Connection c, Collection<QualifiedName> tables)
      throws SQLException {
    List<QualifiedName> paused = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.relkind = 'r'"
                + " AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(c.reloptions, '{}')"
                + " || coalesce(t.reloptions, '{}')) o WHERE o LIKE 'autovacuum_enabled=%')"
                + " FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid"
                + " WHERE c.oid = to_regclass(?)")) {
      for (QualifiedName table : tables) {
        ps.setString(1, table.sql());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            paused.add(table);
          }
        }
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
