package org.ckanmigrate.stack.catalogue;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ckanmigrate.stack.catalogue.Plan.Dataset;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a {@link Plan} into an empty database: the site's tables first ({@link SiteTables}), then
 * datasets block by block ({@link DatasetTables}), one COPY per table and block. Column lists
 * follow the era's DDL in {@code resources/catalogue/}.
 */
final class CatalogueWriter {

  final Map<String, Long> rowCounts = new TreeMap<>();

  /** Time spent per table (generating and copying its rows), for the debug log. */
  final Map<String, Long> copyNanos = new TreeMap<>();

  final Tally tally = new Tally();

  private final SiteTables site;
  private final DatasetTables datasets;

  CatalogueWriter(Plan plan, Connection connection, MessageDigest digest) throws SQLException {
    CopyManager copies = connection.unwrap(PGConnection.class).getCopyAPI();
    var sink = new CatalogueTables.Sink(copies, digest, rowCounts, copyNanos, tally);
    this.site = new SiteTables(plan, sink);
    this.datasets = new DatasetTables(plan, sink);
  }

  /** Counts of dataset-level facts, gathered once per dataset. */
  static final class Tally {
    int datasets;
    int active;
    int draft;
    int deleted;
    int privateDatasets;
    int publicActive;
    int withoutOrganization;
    int harvested;
    int resources;
    int organograms;
    int organogramViewers;
    int longExtras;
  }

  void writeShared() throws SQLException {
    site.writeShared();
  }

  void writeBlock(List<Dataset> block) throws SQLException {
    datasets.writeBlock(block);
  }
}
