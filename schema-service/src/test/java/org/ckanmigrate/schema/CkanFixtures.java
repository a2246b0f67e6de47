package org.ckanmigrate.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.migration.MigrationSets;
import org.ckanmigrate.stack.catalogue.BareSite;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.fixtures.ReferenceDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * 2.2-era CKAN databases for the tests: a bare 2.2-era site made by test-support (every run) or the
 * real public dump of one (a reference check), optionally with ckanext-harvest's tables and rows
 * that exercise every step of the data.gov.uk set.
 */
final class CkanFixtures {

  static final String DUPLICATE_SOURCE = "2c798023-abac-4785-ad19-67bd5c1aed63";
  static final String ORGANOGRAM_SCHEMA = "538b857a-64ba-490e-8440-0e32094a28a7";

  private CkanFixtures() {}

  /**
   * data.gov.uk's migration set, then CKAN's upgrade (by {@code upgradeCommand}, with the ini at
   * {@code ini}) to 2.7.4 with the tag tables kept: the spec the 2.2-era catalogues are migrated
   * with. Callers set what their case changes.
   */
  static SchemaSpec.Builder dataGovUkUpgrade(String upgradeCommand, java.nio.file.Path ini) {
    return SchemaSpec.builder()
        .migrationSet(MigrationSets.DATAGOVUK_BYTEMARK_TO_GOVUK)
        .parameters(java.util.Map.of())
        .keepSysadmins(List.of())
        .upgradeCommand(upgradeCommand)
        .iniPath(ini.toString())
        .tags(SchemaSpec.Tags.KEEP)
        .ckanVersion("2.7.4");
  }

  /**
   * A new database holding a bare CKAN 2.2-era site (test-support's {@link BareSite}: the 2.2
   * schema at migrate version 71, CKAN's own rows, sysadmins {@code admin} and {@code fresh}).
   */
  static TestDatabase ckan22Database(String prefix) throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase(prefix);
    try (Connection c = db.connect()) {
      BareSite.create22(c);
    } catch (Exception e) {
      db.close();
      throw e;
    }
    return db;
  }

  /**
   * Reference check: a new database holding the real public dump of a CKAN 2.2-era site (ckan.md
   * §8; owner role {@code fresh} created first), loaded with psql. Reported as skipped without a
   * reference folder.
   */
  static TestDatabase freshDumpDatabase(String prefix) throws Exception {
    Path dump =
        ReferenceDir.require(
            "fixtures/ckan-2.2-era-fresh_dbdump.sql", "the real CKAN 2.2-era dump (fresh)");
    PostgresServer server = PostgresServer.shared();
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fresh') THEN"
              + " CREATE ROLE fresh; END IF; END $$");
    }
    TestDatabase db = server.createDatabase(prefix);
    try {
      server.psqlFile(db.name(), dump, Duration.ofMinutes(1));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  static PGSimpleDataSource dataSource(TestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(db.server().superuser());
    ds.setPassword(db.server().password());
    return ds;
  }

  /** ckanext-harvest's tables at data.gov.uk's pin (ckan.md §4). */
  static void addHarvestTables(Connection c) throws SQLException {
    exec(
        c,
        "CREATE TABLE harvest_source (id text PRIMARY KEY, url text NOT NULL, title text,"
            + " description text, config text, created timestamp, type text NOT NULL,"
            + " active boolean, user_id text, publisher_id text, frequency text,"
            + " next_run timestamp)",
        "CREATE TABLE harvest_job (id text PRIMARY KEY, created timestamp,"
            + " gather_started timestamp, gather_finished timestamp, finished timestamp,"
            + " source_id text REFERENCES harvest_source(id), status text)",
        "CREATE TABLE harvest_object (id text PRIMARY KEY, guid text, current boolean,"
            + " gathered timestamp, fetch_started timestamp, content text,"
            + " fetch_finished timestamp, import_started timestamp, import_finished timestamp,"
            + " state text, metadata_modified_date timestamp, retry_times integer,"
            + " harvest_job_id text REFERENCES harvest_job(id),"
            + " harvest_source_id text REFERENCES harvest_source(id),"
            + " package_id text REFERENCES package(id) DEFERRABLE, report_status text)",
        "CREATE TABLE harvest_object_extra (id text PRIMARY KEY,"
            + " harvest_object_id text REFERENCES harvest_object(id), key text, value text)");
  }

  /**
   * Rows that each step of the data.gov.uk set changes (and some it must leave alone), on top of a
   * 2.2-era site's four users (two non-publishing, two sysadmins with no full name).
   */
  static void seedDataGovUk(Connection c) throws SQLException {
    addHarvestTables(c);
    exec(
        c,
        // Users: a kept sysadmin, another sysadmin, a publisher, a non-publisher with old roles.
        "INSERT INTO \"user\" (id, name, fullname, email, sysadmin, state) VALUES"
            + " ('u-2nd', 'user_d1', '2ndline', '2nd@example.org', true, 'active'),"
            + " ('u-sam', 'user_d3', 'Sys Sam', 'sam@example.org', true, 'active'),"
            + " ('u-pat', 'user_d2', 'Publisher Pat', 'pat@example.org', false, 'active'),"
            + " ('u-old', 'user_d4', 'Old Olga', 'olga@example.org', false, 'deleted')",
        "INSERT INTO user_object_role (id, user_id, context, role) VALUES"
            + " ('uor-olga', 'u-old', 'Package', 'editor')",
        "INSERT INTO \"group\" (id, name, title, type, state, is_organization) VALUES"
            + " ('org-1', 'cabinet-office', 'Cabinet Office', 'organization', 'active', true)",
        "INSERT INTO member (id, table_id, group_id, state, table_name, capacity) VALUES"
            + " ('m-1', 'u-pat', 'org-1', 'active', 'user', 'editor')",
        "INSERT INTO package (id, name, title, type, state, owner_org) VALUES"
            + " ('pkg-1', 'spend-data', 'Spend data', 'dataset', 'active', 'org-1'),"
            + " ('pkg-2', 'organogram-co', 'Organogram', 'dataset', 'active', 'org-1')",
        "INSERT INTO package_role (user_object_role_id, package_id) VALUES ('uor-olga', 'pkg-1')",
        "INSERT INTO package_extra (id, package_id, key, value, state) VALUES"
            + " ('pe-1', 'pkg-1', 'individual_resources', '[]', 'active'),"
            + " ('pe-2', 'pkg-1', 'additional_resources', '[]', 'active'),"
            + " ('pe-3', 'pkg-1', 'timeseries_resources', '[]', 'active'),"
            + " ('pe-4', 'pkg-1', 'theme-primary', 'Business & Economy', 'active'),"
            + " ('pe-5', 'pkg-2', 'theme-primary', 'Government', 'active'),"
            + " ('pe-6', 'pkg-2', 'schema', '[\""
            + ORGANOGRAM_SCHEMA
            + "\"]', 'active'),"
            + " ('pe-7', 'pkg-1', 'theme-primary-other', 'Health', 'active')",
        "INSERT INTO resource_group (id, package_id, label, state) VALUES"
            + " ('rg-1', 'pkg-1', 'default', 'active'), ('rg-2', 'pkg-2', 'default', 'active')",
        "INSERT INTO resource (id, resource_group_id, url, format, description, state) VALUES"
            + " ('r-1', 'rg-1', 'https://data.gov.uk/organogram/viewer', 'HTML',"
            + "  'Organogram viewer', 'active'),"
            + " ('r-2', 'rg-2', 'https://data.gov.uk/sites/default/files/organogram/co.csv',"
            + "  'CSV', 'Organogram', 'active'),"
            + " ('r-3', 'rg-1', 'https://data.gov.uk/sites/default/files/organogram/x.csv',"
            + "  'CSV', 'Not an organogram dataset', 'active')",
        "INSERT INTO tag (id, name) VALUES ('t-1', 'spending'), ('t-2', 'people')",
        "INSERT INTO package_tag (id, package_id, tag_id, state) VALUES"
            + " ('pt-1', 'pkg-1', 't-1', 'active'), ('pt-2', 'pkg-2', 't-2', 'active')",
        "CREATE INDEX idx_package_continuity_id ON package_revision (continuity_id)",
        "CREATE INDEX idx_resource_continuity_id ON resource_revision (continuity_id)",
        "INSERT INTO harvest_source (id, url, title, type, active, publisher_id, frequency,"
            + " config, created) VALUES"
            + " ('hs-waf', 'http://maps.example.org/waf/', 'Maps WAF', 'gemini-waf', true,"
            + "  'org-1', 'WEEKLY', NULL, '2014-01-01'),"
            + " ('hs-dkan', 'http://dkan.example.org', 'DKAN site', 'dkan', true, 'org-1',"
            + "  'MANUAL', '{\"a\": 1}', '2014-01-02'),"
            + " ('hs-json', 'http://json.example.org/data.json', 'JSON', 'data_json', false,"
            + "  'org-1', NULL, NULL, '2014-01-03'),"
            + " ('"
            + DUPLICATE_SOURCE
            + "', 'http://maps.example.org/waf/', 'Maps WAF again', 'gemini-waf', true, 'org-1',"
            + "  NULL, NULL, '2014-01-04')",
        "INSERT INTO harvest_job (id, source_id, status) VALUES ('hj-1', '"
            + DUPLICATE_SOURCE
            + "', 'Finished')",
        "INSERT INTO harvest_object (id, guid, harvest_job_id, harvest_source_id) VALUES"
            + " ('ho-1', 'g1', 'hj-1', '"
            + DUPLICATE_SOURCE
            + "')",
        "INSERT INTO harvest_object_extra (id, harvest_object_id, key, value) VALUES"
            + " ('hoe-1', 'ho-1', 'status', 'new')");
  }

  static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    return Long.parseLong(one(c, sql));
  }

  static List<String> column(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** A digest of every CKAN table's rows, to show a database did not change. */
  static String digest(Connection c) throws SQLException {
    StringBuilder sb = new StringBuilder();
    for (String table :
        column(
            c,
            "SELECT quote_ident(table_name) FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")) {
      sb.append(table)
          .append('=')
          .append(
              one(
                  c,
                  "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                      + table
                      + " t"))
          .append('\n');
    }
    sb.append(column(c, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
    return sb.toString();
  }

  static Path write(Path dir, String name, String content) throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), content);
  }
}
