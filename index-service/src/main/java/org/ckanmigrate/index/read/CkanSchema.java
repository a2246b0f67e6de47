package org.ckanmigrate.index.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a CKAN database looks like: its release and the columns of the tables the indexer reads.
 * Detected once per run from the catalogue ({@code alembic_version}, {@code migrate_version} and
 * the columns that differ between releases), so the batch reader never guesses per dataset.
 *
 * @param release the CKAN release the schema belongs to
 * @param columns existing columns per table ({@code package}, {@code resource}, ...)
 */
public record CkanSchema(CkanRelease release, Map<String, Set<String>> columns) {

  private static final Map<String, CkanRelease> ALEMBIC_HEADS =
      Map.of(
          "3ae4b17ed66d", CkanRelease.V2_9,
          "ccd38ad5fced", CkanRelease.V2_9,
          "9f33a0280c51", CkanRelease.V2_10,
          "4a5e3465beb6", CkanRelease.V2_11);

  public boolean has(String table, String column) {
    return columns.getOrDefault(table, Set.of()).contains(column);
  }

  public boolean hasTable(String table) {
    return columns.containsKey(table);
  }

  /** Reads the schema of the database behind {@code connection} (schema {@code public}). */
  public static CkanSchema detect(Connection connection) throws SQLException {
    Map<String, Set<String>> columns = new HashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT table_name, column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = ANY (?)")) {
      ps.setArray(
          1,
          connection.createArrayOf(
              "text",
              new String[] {
                "package",
                "package_extra",
                "resource",
                "tag",
                "package_tag",
                "vocabulary",
                "group",
                "member",
                "package_relationship",
                "tracking_summary",
                "alembic_version",
                "migrate_version"
              }));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.computeIfAbsent(rs.getString(1), t -> new HashSet<>()).add(rs.getString(2));
        }
      }
    }
    if (!columns.containsKey("package") || !columns.containsKey("resource")) {
      throw new IllegalStateException(
          "The database has no CKAN package/resource tables in schema public: is it a CKAN"
              + " database, and has the load phase finished?");
    }
    CkanRelease release = fromVersionTables(connection, columns).orElse(fromColumns(columns));
    return new CkanSchema(release, Map.copyOf(columns));
  }

  private static Optional<CkanRelease> fromVersionTables(
      Connection connection, Map<String, Set<String>> columns) throws SQLException {
    if (columns.containsKey("alembic_version")) {
      try (var st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
        while (rs.next()) {
          CkanRelease r = ALEMBIC_HEADS.get(rs.getString(1));
          if (r != null) {
            return Optional.of(r);
          }
        }
      }
    }
    if (columns.containsKey("migrate_version") && !columns.containsKey("alembic_version")) {
      // sqlalchemy-migrate: 2.8 ends at script 086, 2.7 at 085
      try (var st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT max(version) FROM migrate_version")) {
        if (rs.next()) {
          return Optional.of(rs.getInt(1) >= 86 ? CkanRelease.V2_8 : CkanRelease.V2_7);
        }
      }
    }
    return Optional.empty();
  }

  // An intermediate alembic revision or a sqlalchemy-migrate database: decide by the columns that
  // each release added or dropped.
  static CkanRelease fromColumns(Map<String, Set<String>> columns) {
    Set<String> pkg = columns.getOrDefault("package", Set.of());
    Set<String> res = columns.getOrDefault("resource", Set.of());
    if (pkg.contains("plugin_data")) {
      return CkanRelease.V2_10;
    }
    if (res.contains("metadata_modified") || !pkg.contains("revision_id")) {
      return CkanRelease.V2_9;
    }
    return columns.containsKey("migrate_version") ? CkanRelease.V2_8 : CkanRelease.V2_7;
  }
}
