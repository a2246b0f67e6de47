package org.ckanmigrate.index.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An index the batch reads need that older CKAN releases lack. Each batch selects its resources by
 * {@code package_id}; CKAN indexes that column only from 2.9 (alembic {@code 01afcadbd8c0}), so on
 * a 2.8 or older target every batch would scan the whole resource table and a reindex would grow
 * with the square of the catalogue (measured on a 20,000-dataset 2.8 target: 103 ms against 17 ms
 * of PostgreSQL time per batch of 500). The index phase adds an index of its own name for the run
 * and drops it when the run is indexed; CKAN's own index, where it exists, is used instead.
 */
public final class ReadIndexes {

  /** Ours, never CKAN's name: a later CKAN upgrade creates its own without a clash. */
  public static final String RESOURCE_PACKAGE_ID = "ckan_migrate_reindex_resource_package_id";

  private static final Logger log = LoggerFactory.getLogger(ReadIndexes.class);

  private ReadIndexes() {}

  /**
   * Creates {@link #RESOURCE_PACKAGE_ID} when no valid index of {@code resource} starts with {@code
   * package_id}. Returns whether the reads are indexed afterwards; a role that may not create it
   * (not the table's owner) gets a warning and unindexed reads, not a failure.
   */
  public static boolean ensure(Connection c) throws SQLException {
    if (resourcePackageIdIndexed(c)) {
      return true;
    }
    boolean readOnly = c.isReadOnly();
    c.setReadOnly(false);
    try (Statement s = c.createStatement()) {
      long started = System.nanoTime();
      // Not CONCURRENTLY: a failed concurrent build leaves an invalid index under our name. The
      // plain build blocks writes to resource for its seconds, while nothing should write to it.
      s.execute("CREATE INDEX IF NOT EXISTS " + RESOURCE_PACKAGE_ID + " ON resource (package_id)");
      log.info(
          "resource.package_id had no index (CKAN before 2.9): created {} for this reindex in {} ms",
          RESOURCE_PACKAGE_ID,
          (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (SQLException e) {
      log.warn(
          "resource.package_id has no index and {} could not be created ({}): every batch will"
              + " read the whole resource table; create an index on resource (package_id) as the"
              + " table's owner for a faster reindex",
          RESOURCE_PACKAGE_ID,
          e.getMessage());
      return false;
    } finally {
      c.setReadOnly(readOnly);
    }
  }

  /** Drops {@link #RESOURCE_PACKAGE_ID} if this phase (or an interrupted run of it) created it. */
  public static void drop(Connection c) throws SQLException {
    boolean readOnly = c.isReadOnly();
    c.setReadOnly(false);
    try (Statement s = c.createStatement()) {
      s.execute("DROP INDEX IF EXISTS " + RESOURCE_PACKAGE_ID);
    } finally {
      c.setReadOnly(readOnly);
    }
  }

  /**
   * Whether a valid index of {@code resource} (in the search path's first schema) leads with it.
   */
  static boolean resourcePackageIdIndexed(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_index i"
                + " JOIN pg_class t ON t.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                + " WHERE n.nspname = current_schema() AND t.relname = 'resource'"
                + " AND a.attname = 'package_id' AND i.indisvalid)")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
