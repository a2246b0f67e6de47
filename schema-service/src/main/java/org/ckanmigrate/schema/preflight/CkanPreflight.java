package org.ckanmigrate.schema.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.schema.OwnSchema;
import org.ckanmigrate.schema.SchemaMigrationException;

/**
 * Checks that a database really is CKAN's and reads its schema version (ckan.md §4.1: {@code
 * migrate_version} up to CKAN 2.8, {@code alembic_version} from 2.9).
 */
public final class CkanPreflight {

  /** Tables every CKAN database since 2.0 has. */
  public static final List<String> CORE_TABLES = org.ckanmigrate.platform.ckan.CkanTables.CORE;

  private CkanPreflight() {}

  /**
   * Inspects the database behind {@code c}.
   *
   * @throws SchemaMigrationException {@link ErrorCode#NOT_A_CKAN_DATABASE} naming the missing
   *     tables
   */
  public static CkanSchemaVersion inspect(Connection c) throws SQLException {
    Set<String> present = tables(c);
    List<String> missing = new ArrayList<>();
    for (String table : CORE_TABLES) {
      if (!present.contains(table)) {
        missing.add(table);
      }
    }
    boolean alembic = present.contains("alembic_version");
    boolean migrate = present.contains("migrate_version");
    if (!alembic && !migrate) {
      missing.add("migrate_version or alembic_version");
    }
    if (!missing.isEmpty()) {
      throw new SchemaMigrationException(
          ErrorCode.NOT_A_CKAN_DATABASE,
          "The target database is not a CKAN database: missing "
              + String.join(", ", missing)
              + ". Check that the run spec's target names the database the CKAN dump was loaded"
              + " into.",
          Map.of("missingTables", String.join(",", missing)),
          null);
    }
    CkanSchemaVersion version = alembic ? alembicVersion(c) : migrateVersion(c);
    if (version == null) {
      throw new SchemaMigrationException(
          ErrorCode.NOT_A_CKAN_DATABASE,
          "The target database has CKAN's tables but its "
              + (alembic ? "alembic_version" : "migrate_version")
              + " table holds no version. Reload the dump; CKAN always records one.",
          Map.of("missingTables", alembic ? "alembic_version row" : "migrate_version row"),
          null);
    }
    return version;
  }

  /** Reads the version without the table check, or null when there is no ledger. */
  public static CkanSchemaVersion readVersion(Connection c) throws SQLException {
    Set<String> present = tables(c);
    if (present.contains("alembic_version")) {
      return alembicVersion(c);
    }
    return present.contains("migrate_version") ? migrateVersion(c) : null;
  }

  /**
   * Records {@code version} as the run's version at {@code stage}. The first record of a stage
   * wins, so a resumed run keeps the version found before its first script.
   *
   * @return the version recorded for the stage (the earlier one on resume)
   */
  public static CkanSchemaVersion record(
      Connection c, String runId, String stage, CkanSchemaVersion version, boolean replace)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + OwnSchema.NAME
            + ".schema_version_log (run_id, stage, era, version) VALUES (?, ?, ?, ?)"
            + (replace
                ? " ON CONFLICT (run_id, stage) DO UPDATE SET era = excluded.era,"
                    + " version = excluded.version, recorded_at = now()"
                : " ON CONFLICT (run_id, stage) DO NOTHING");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      ps.setString(2, stage);
      ps.setString(3, version.era().name());
      ps.setString(4, version.version());
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT era, version FROM "
                + OwnSchema.NAME
                + ".schema_version_log WHERE run_id = ? AND stage = ?")) {
      ps.setString(1, runId);
      ps.setString(2, stage);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new CkanSchemaVersion(SchemaEra.valueOf(rs.getString(1)), rs.getString(2));
      }
    }
  }

  private static Set<String> tables(Connection c) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema()")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static CkanSchemaVersion migrateVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM migrate_version")) {
      rs.next();
      int v = rs.getInt(1);
      return rs.wasNull() ? null : new CkanSchemaVersion(SchemaEra.SQLALCHEMY_MIGRATE, "" + v);
    }
  }

  private static CkanSchemaVersion alembicVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
      return rs.next() ? new CkanSchemaVersion(SchemaEra.ALEMBIC, rs.getString(1)) : null;
    }
  }
}
