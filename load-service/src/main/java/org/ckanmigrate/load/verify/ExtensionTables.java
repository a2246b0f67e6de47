package org.ckanmigrate.load.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * Tables that belong to an extension ({@code pg_depend} deptype {@code e}), such as PostGIS's
 * {@code spatial_ref_sys} or the tiger geocoder's {@code pagc_*}: {@code CREATE EXTENSION} fills
 * them itself, and pg_dump dumps only the rows {@code pg_extension_config_dump} asks for (for
 * {@code spatial_ref_sys}, the user-added ones). Their rows after a load are the extension's own
 * plus the dump's, so they are counted right after the extensions are created and checked as that
 * sum; every other table keeps the exact check.
 */
public final class ExtensionTables {

  private ExtensionTables() {}

  /** Each extension-owned table with the rows it holds now, by schema-qualified name. */
  public static Map<QualifiedName, Long> rows(Connection c) throws SQLException {
    List<QualifiedName> tables = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT n.nspname, cl.relname FROM pg_depend d"
                    + " JOIN pg_class cl ON d.classid = 'pg_class'::regclass AND d.objid = cl.oid"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE d.deptype = 'e' AND cl.relkind IN ('r', 'p')"
                    + " ORDER BY 1, 2")) {
      while (rs.next()) {
        tables.add(new QualifiedName(rs.getString(1), rs.getString(2)));
      }
    }
    Map<QualifiedName, Long> rows = new LinkedHashMap<>(RowCounts.count(c, tables));
    return rows;
  }

  /**
   * The extension's own rows for {@code table} as the dump names it (with or without its schema),
   * or null when the table does not belong to an extension.
   */
  public static Long ownRows(Map<QualifiedName, Long> extensionRows, QualifiedName table) {
    Long exact = extensionRows.get(table);
    if (exact != null || table.schema() != null) {
      return exact;
    }
    return extensionRows.get(new QualifiedName("public", table.name()));
  }
}
