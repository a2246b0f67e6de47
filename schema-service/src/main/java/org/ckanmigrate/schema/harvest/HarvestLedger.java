package org.ckanmigrate.schema.harvest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code schema.harvest-sources: DROP}: removes ckanext-harvest's rows for a target that does not
 * harvest, each row first copied as JSON to {@code ckan_migrate.harvest_ledger} in the same
 * transaction, so nothing is lost and {@link #restore} (or the SQL in the schema-service README)
 * puts them back. Safe to repeat for a run: the counts come from the ledger, so a resumed run
 * reports what the first attempt removed.
 */
public final class HarvestLedger {

  /** Children before parents: the order rows are removed in (restored in reverse). */
  static final List<String> TABLES =
      List.of(
          "harvest_object_extra",
          "harvest_object_error",
          "harvest_gather_error",
          "harvest_log",
          "harvest_object",
          "harvest_job",
          "harvest_source");

  private final String ownSchema;

  public HarvestLedger(String ownSchema) {
    this.ownSchema = ownSchema;
  }

  /** Rows per harvest table that {@link #drop} would remove (dry run); absent tables left out. */
  public Map<String, Long> count(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : present(c)) {
      out.put(table, count(c, "SELECT count(*) FROM " + table));
    }
    return out;
  }

  /**
   * Copies and removes every harvest row in one transaction; returns rows per table for the run.
   */
  public Map<String, Long> drop(Connection c, String runId) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      ensureTable(s);
      for (String table : present(c)) {
        try (PreparedStatement copy =
            c.prepareStatement(
                "INSERT INTO "
                    + ownSchema
                    + ".harvest_ledger (run_id, table_name, row_data)"
                    + " SELECT ?, ?, to_jsonb(t) FROM "
                    + table
                    + " t")) {
          copy.setString(1, runId);
          copy.setString(2, table);
          long copied = copy.executeUpdate();
          long deleted = s.executeUpdate("DELETE FROM " + table);
          if (copied != deleted) {
            throw new SQLException(
                table + ": copied " + copied + " rows to the ledger but removed " + deleted);
          }
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
    return recorded(c, runId);
  }

  /** Rows per table the ledger holds for {@code runId}, in removal order. */
  public Map<String, Long> recorded(Connection c, String runId) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT table_name, count(*) FROM "
                + ownSchema
                + ".harvest_ledger WHERE run_id = ? GROUP BY table_name")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, Long> found = new LinkedHashMap<>();
        while (rs.next()) {
          found.put(rs.getString(1), rs.getLong(2));
        }
        for (String table : TABLES) {
          if (found.containsKey(table)) {
            out.put(table, found.get(table));
          }
        }
      }
    }
    return out;
  }

  /**
   * Puts the run's removed rows back (parents first) and empties its ledger entries, in one
   * transaction. Rows whose key already exists again make it fail with PostgreSQL's message; the
   * ledger then stays as it was.
   */
  public Map<String, Long> restore(Connection c, String runId) throws SQLException {
    Map<String, Long> restored = new LinkedHashMap<>();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      List<String> parentsFirst = present(c);
      java.util.Collections.reverse(parentsFirst);
      for (String table : parentsFirst) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " SELECT (jsonb_populate_record(NULL::"
                    + table
                    + ", row_data)).* FROM "
                    + ownSchema
                    + ".harvest_ledger WHERE run_id = ? AND table_name = ?")) {
          ps.setString(1, runId);
          ps.setString(2, table);
          long n = ps.executeUpdate();
          if (n > 0) {
            restored.put(table, n);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + ownSchema + ".harvest_ledger WHERE run_id = ?")) {
        ps.setString(1, runId);
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
    return restored;
  }

  private void ensureTable(Statement s) throws SQLException {
    s.execute("CREATE SCHEMA IF NOT EXISTS " + ownSchema);
    s.execute(
        "CREATE TABLE IF NOT EXISTS "
            + ownSchema
            + ".harvest_ledger (run_id text NOT NULL, table_name text NOT NULL,"
            + " row_data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())");
  }

  private static List<String> present(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String table : TABLES) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
        rs.next();
        if (rs.getBoolean(1)) {
          out.add(table);
        }
      }
    }
    return out;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
