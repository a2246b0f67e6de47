package org.ckanmigrate.schema.harvest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.schema.SchemaMigrationException;

/**
 * Checks in the database that ckanext-harvest's startup migration happened: counts, the anti-join
 * of active sources against active {@code type='harvest'} packages (the package id is the source
 * id), and each package's {@code source_type} extra and owner.
 */
public final class HarvestVerifier {

  private static final int LIST_LIMIT = 50;

  private HarvestVerifier() {}

  public static HarvestCheck check(Connection c) throws SQLException {
    if (!exists(c, "harvest_source")) {
      return HarvestCheck.noHarvestTables();
    }
    long sources = count(c, "SELECT count(*) FROM harvest_source WHERE active");
    long packages =
        count(c, "SELECT count(*) FROM package WHERE type = 'harvest' AND state = 'active'");
    List<String> missing =
        ids(
            c,
            "SELECT hs.id FROM harvest_source hs"
                + " LEFT JOIN package p ON p.id = hs.id AND p.type = 'harvest'"
                + " AND p.state = 'active'"
                + " WHERE hs.active AND p.id IS NULL ORDER BY hs.id");
    List<String> noType =
        ids(
            c,
            "SELECT p.id FROM package p WHERE p.type = 'harvest' AND p.state = 'active'"
                + " AND NOT EXISTS (SELECT 1 FROM package_extra pe WHERE pe.package_id = p.id"
                + " AND pe.key = 'source_type' AND coalesce(pe.state, 'active') = 'active')"
                + " ORDER BY p.id");
    List<String> owners =
        ids(
            c,
            "SELECT p.id FROM package p JOIN harvest_source hs ON hs.id = p.id"
                + " WHERE p.type = 'harvest' AND p.state = 'active'"
                + " AND hs.publisher_id IS NOT NULL"
                + " AND p.owner_org IS DISTINCT FROM hs.publisher_id ORDER BY p.id");
    return new HarvestCheck(true, sources, packages, missing, noType, owners);
  }

  /**
   * Fails unless every active source has its package.
   *
   * @throws SchemaMigrationException HARVEST_MIGRATION_INCOMPLETE naming the sources
   */
  public static void requireComplete(HarvestCheck check) {
    if (check.complete()) {
      return;
    }
    String ids = String.join(", ", check.missingSources());
    throw new SchemaMigrationException(
        ErrorCode.HARVEST_MIGRATION_INCOMPLETE,
        check.missingSources().size()
            + " active harvest source(s) have no active harvest dataset after CKAN's second"
            + " upgrade pass ("
            + check.activeSources()
            + " active sources, "
            + check.activeHarvestPackages()
            + " harvest datasets): "
            + ids
            + ". ckanext-harvest skips sources that fail validation (look for 'Validation Error'"
            + " in the pass 2 output, e.g. a duplicate URL); fix or deactivate them and resume.",
        Map.of(
            "activeSources", Long.toString(check.activeSources()),
            "activeHarvestPackages", Long.toString(check.activeHarvestPackages()),
            "missingSources", ids),
        null);
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> ids(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql + " LIMIT " + LIST_LIMIT)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
