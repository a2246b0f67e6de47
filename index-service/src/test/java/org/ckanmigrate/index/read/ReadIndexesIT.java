package org.ckanmigrate.index.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The index the batch reads need on a CKAN before 2.9: added under our own name when
 * resource.package_id has none, never beside CKAN's, dropped after, and skipped (not failed) for a
 * role that may not create it.
 */
class ReadIndexesIT {

  private static final PostgresServer pg = PostgresServer.shared();

  @Test
  void aTargetWithoutTheIndexGetsOursForTheRunAndLosesItAfter() throws Exception {
    try (TestDatabase db = pg.createDatabase("read_idx_old");
        Connection c = db.connect()) {
      exec(c, "CREATE TABLE resource (id text PRIMARY KEY, package_id text, url text)");
      exec(c, "CREATE INDEX idx_package_resource_url ON resource (url)");
      exec(
          c,
          "INSERT INTO resource SELECT 'r' || i, 'p' || (i % 500), 'http://x/' || i"
              + " FROM generate_series(1, 20000) i");
      exec(c, "ANALYZE resource");
      c.setReadOnly(true); // as the index phase opens the target

      assertThat(ReadIndexes.ensure(c)).isTrue();
      assertThat(indexes(c)).contains(ReadIndexes.RESOURCE_PACKAGE_ID);
      assertThat(ReadIndexes.resourcePackageIdIndexed(c)).isTrue();
      assertThat(plan(c)).contains(ReadIndexes.RESOURCE_PACKAGE_ID);
      assertThat(ReadIndexes.ensure(c)).as("again, on resume").isTrue();
      assertThat(c.isReadOnly()).as("the connection is left as it was").isTrue();

      ReadIndexes.drop(c);
      assertThat(indexes(c)).containsExactlyInAnyOrder("resource_pkey", "idx_package_resource_url");
    }
  }

  @Test
  void ckansOwnIndexIsUsedAndNothingIsAdded() throws Exception {
    try (TestDatabase db = pg.createDatabase("read_idx_new");
        Connection c = db.connect()) {
      exec(c, "CREATE TABLE resource (id text PRIMARY KEY, package_id text)");
      exec(c, "CREATE INDEX idx_package_resource_package_id ON resource (package_id)");

      assertThat(ReadIndexes.ensure(c)).isTrue();
      ReadIndexes.drop(c);

      assertThat(indexes(c))
          .containsExactlyInAnyOrder("resource_pkey", "idx_package_resource_package_id");
    }
  }

  @Test
  void aRoleThatMayNotCreateItReadsWithoutIt() throws Exception {
    String role = "read_idx_reader_" + System.nanoTime();
    try (TestDatabase db = pg.createDatabase("read_idx_role");
        Connection owner = db.connect()) {
      exec(owner, "CREATE TABLE resource (id text PRIMARY KEY, package_id text)");
      exec(owner, "CREATE ROLE " + role + " LOGIN PASSWORD 'reader-pw'");
      exec(owner, "GRANT SELECT ON resource TO " + role);
      Properties props = new Properties();
      props.setProperty("user", role);
      props.setProperty("password", "reader-pw");
      try (Connection reader = DriverManager.getConnection(db.jdbcUrl(), props)) {
        assertThat(ReadIndexes.ensure(reader)).isFalse();
        assertThat(ReadIndexes.resourcePackageIdIndexed(reader)).isFalse();
      } finally {
        exec(owner, "DROP OWNED BY " + role);
        exec(owner, "DROP ROLE " + role);
      }
      assertThat(indexes(owner)).containsExactly("resource_pkey");
    }
  }

  private static String plan(Connection c) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "EXPLAIN SELECT * FROM resource WHERE package_id = ANY (ARRAY['p1', 'p2'])")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> indexes(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'resource'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
