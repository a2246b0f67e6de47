package org.ckanmigrate.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schema in the TARGET database that holds ckan-migrate's own tables (Flyway's history, the
 * sysadmin ledger, versions, step row counts and CKAN upgrade passes done), so none of them sits
 * among CKAN's tables.
 */
public final class OwnSchema {

  /** Name of the schema. */
  public static final String NAME = org.ckanmigrate.schema.sysadmin.SysadminLedger.OWN_SCHEMA;

  private OwnSchema() {}

  /** Creates the schema and the ledger tables when missing. Commits. */
  public static void ensure(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + NAME);
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + NAME
              + ".schema_version_log ("
              + " run_id text NOT NULL, stage text NOT NULL, era text NOT NULL, version text NOT NULL,"
              + " recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, stage))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + NAME
              + ".sysadmin_ledger ("
              + " run_id text NOT NULL, user_id text NOT NULL, name text NOT NULL, email text,"
              + " fullname text, recorded_at timestamptz NOT NULL DEFAULT now(),"
              + " repromoted_at timestamptz, PRIMARY KEY (run_id, user_id))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + NAME
              + ".step_rows ("
              + " run_id text NOT NULL, version text NOT NULL, script text NOT NULL,"
              + " rows_changed bigint NOT NULL, rows_by_table text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, version))");
      // CKAN's upgrade passes a run finished: a resumed run does not run them again.
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + NAME
              + ".upgrade_pass_log ("
              + " run_id text NOT NULL, pass int NOT NULL,"
              + " finished_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, pass))");
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
