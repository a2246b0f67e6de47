package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * One table's COPY in its own transaction, written frozen ({@code COPY ... WITH (FREEZE)}) when the
 * table is still empty.
 *
 * <p>Rows written frozen are already all-visible: the vacuum that closes the schema phase (and
 * every later autovacuum) skips their pages instead of reading and rewriting the whole catalogue to
 * set hint bits and freeze it. PostgreSQL allows FREEZE only on a table created or truncated in the
 * same transaction, so an empty table is truncated first, under an exclusive lock taken before the
 * emptiness check: a second COPY block of the same table, or an extension's own rows (PostGIS's
 * {@code spatial_ref_sys}), are never truncated; such a table, a partitioned one, or one the
 * loading role may not truncate is copied as the dump says.
 */
final class FrozenCopy {

  private FrozenCopy() {}

  /**
   * Opens the COPY's transaction on {@code c} and returns the statement to run: {@code copySql}
   * with FREEZE when the table qualified, else {@code copySql}. End with {@link #commit} or {@link
   * #rollback}.
   */
  static String begin(Connection c, QualifiedName table, String copySql) throws SQLException {
    String frozen = withFreeze(copySql);
    c.setAutoCommit(false);
    if (frozen == null) {
      return copySql;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.relkind = 'r' AND has_table_privilege(c.oid, 'TRUNCATE')"
                // TRUNCATE refuses a table a foreign key already points at, even empty
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                + " WHERE k.contype = 'f' AND k.confrelid = c.oid)"
                // an extension's table is the extension's, whatever it holds
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'e')"
                + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
      ps.setString(1, table.sql());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return copySql;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE ONLY " + table.sql() + " IN ACCESS EXCLUSIVE MODE");
      try (ResultSet rs =
          s.executeQuery("SELECT EXISTS (SELECT 1 FROM ONLY " + table.sql() + ")")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return copySql;
        }
      }
      s.execute("TRUNCATE ONLY " + table.sql());
    }
    return frozen;
  }

  static void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  /** Rolls the COPY's transaction back after a failure (the failure itself is reported). */
  static void rollback(Connection c) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the connection is broken; the load fails with the original error
    }
  }

  /** pg_dump's {@code COPY t (cols) FROM stdin;} with FREEZE, or null for any other form. */
  static String withFreeze(String copySql) {
    String sql = copySql.strip();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).stripTrailing();
    }
    if (!sql.toLowerCase(Locale.ROOT).endsWith(" from stdin")) {
      return null;
    }
    return sql + " WITH (FREEZE)";
  }
}
