package org.ckanmigrate.schema.vacuum;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Vacuums and analyses every table of the migrated target, as the schema phase's last step.
 *
 * <p>The load pauses autovacuum while it fills the tables and the schema phase then deletes and
 * rewrites rows, so without this step the first autovacuum of every table lands on whatever runs
 * next: measured, it cost PostgreSQL more CPU than Solr's whole reindex (docs/benchmarks/
 * end-to-end.md), and on a real cut-over it would land on CKAN's first hours in production. It is
 * paid here, where it is timed and reported, and leaves the planner statistics that pg_restore's
 * documentation asks for after a restore. Idempotent: on resume the visibility map lets it skip
 * what an earlier attempt already vacuumed.
 */
public final class TargetVacuum {

  private TargetVacuum() {}

  /**
   * What the step did.
   *
   * @param tables tables vacuumed and analysed
   * @param skipped tables the migration's role may not vacuum (neither owner, database owner nor
   *     superuser), schema-qualified; autovacuum still gets to them later
   * @param millis how long the step took
   */
  public record Report(int tables, List<String> skipped, long millis) {

    public Report {
      skipped = List.copyOf(skipped);
    }
  }

  /** Runs {@code VACUUM (ANALYZE)} on each table of the target, largest first. */
  public static Report run(DataSource target) throws SQLException {
    long start = System.nanoTime();
    List<String> mine = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(true); // VACUUM cannot run inside a transaction block
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT format('%I.%I', n.nspname, c.relname),"
                      + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                      + " OR pg_has_role(c.relowner, 'USAGE')"
                      + " OR pg_has_role((SELECT datdba FROM pg_database"
                      + " WHERE datname = current_database()), 'USAGE')"
                      + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                      + " WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't'"
                      + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
                      + " ORDER BY pg_relation_size(c.oid) DESC, 1")) {
        while (rs.next()) {
          (rs.getBoolean(2) ? mine : skipped).add(rs.getString(1));
        }
      }
      try (Statement s = c.createStatement()) {
        for (String table : mine) {
          s.execute("VACUUM (ANALYZE) " + table);
        }
      }
    }
    return new Report(mine.size(), skipped, (System.nanoTime() - start) / 1_000_000);
  }
}
