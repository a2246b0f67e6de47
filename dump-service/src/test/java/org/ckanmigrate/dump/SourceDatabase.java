package org.ckanmigrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;

/**
 * A small CKAN-like source database with awkward data (tabs, newlines, backslashes, NULLs,
 * non-ASCII, a quoted mixed-case table name, a dollar-quoted function), and helpers to load a dump
 * with psql and compare databases table by table.
 */
final class SourceDatabase {

  static final List<String> TABLES =
      List.of("public.package", "public.resource", "public.\"Mixed Case\"", "public.empty_table");

  private SourceDatabase() {}

  static TestDatabase create(PostgresServer server, int packages) throws SQLException {
    TestDatabase db = server.createDatabase("dump_source");
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE package (id text PRIMARY KEY, name text NOT NULL, notes text,"
              + " metadata_modified timestamp, private boolean)");
      s.execute(
          "INSERT INTO package SELECT 'pkg-' || i, 'name-' || i,"
              + " CASE WHEN i % 10 = 0 THEN NULL"
              + " ELSE 'notes ' || i || E'\\twith tab\\nand newline \\\\ backslash é ✓ '"
              + " || repeat('x', 40) END,"
              + " timestamp '2014-01-01' + i * interval '1 minute', i % 7 = 0"
              + " FROM generate_series(1, "
              + packages
              + ") i");
      s.execute(
          "CREATE TABLE resource (id serial PRIMARY KEY, package_id text REFERENCES package(id),"
              + " url text, size bigint)");
      s.execute(
          "INSERT INTO resource (package_id, url, size) SELECT 'pkg-' || (1 + i % "
              + packages
              + "), 'http://example.org/' || i || '.csv', i * 1000 FROM generate_series(1, "
              + (packages * 2)
              + ") i");
      s.execute("CREATE TABLE \"Mixed Case\" (v text)");
      s.execute("INSERT INTO \"Mixed Case\" VALUES ('\\.'), (E'\\\\.'), ('end')");
      s.execute("CREATE TABLE empty_table (v int)");
      s.execute(
          "CREATE FUNCTION touch() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$");
      s.execute("CREATE VIEW public_packages AS SELECT id, name FROM package WHERE NOT private");
    }
    return db;
  }

  /** Row count and an md5 over the sorted rows of every table. */
  static Map<String, String> fingerprint(TestDatabase db) throws SQLException {
    Map<String, String> result = new LinkedHashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                    + " FROM "
                    + table
                    + " t")) {
          rs.next();
          result.put(table, rs.getLong(1) + ":" + rs.getString(2));
        }
      }
    }
    return result;
  }

  /** The base tables of schema public, as pg_dump names them ({@code public.name}). */
  static List<String> tables(TestDatabase db) throws SQLException {
    List<String> tables = new java.util.ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT quote_ident(table_name) FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    + " ORDER BY table_name")) {
      while (rs.next()) {
        tables.add("public." + rs.getString(1));
      }
    }
    return tables;
  }

  /** Row count and an md5 over the sorted rows of every table of schema public. */
  static Map<String, String> fingerprintAll(TestDatabase db) throws SQLException {
    Map<String, String> result = new LinkedHashMap<>();
    List<String> tables = tables(db);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                    + " FROM "
                    + table
                    + " t")) {
          rs.next();
          result.put(table, rs.getLong(1) + ":" + rs.getString(2));
        }
      }
    }
    return result;
  }

  static Map<String, Long> countsAll(TestDatabase db) throws SQLException {
    Map<String, Long> result = new LinkedHashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table : tables(db)) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          result.put(table, rs.getLong(1));
        }
      }
    }
    return result;
  }

  static Map<String, Long> counts(TestDatabase db) throws SQLException {
    Map<String, Long> result = new LinkedHashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          result.put(table, rs.getLong(1));
        }
      }
    }
    return result;
  }

  /** Loads an artifact the manual way: {@code gunzip -c | psql} (or {@code psql -f} for none). */
  static void loadWithPsql(PostgresServer server, Path artifact, TestDatabase target)
      throws IOException, InterruptedException {
    String psql = server.tool("psql").toString();
    // The manual path the README promises: the codec's own tool piped into psql.
    String name = artifact.getFileName().toString();
    String decode =
        name.endsWith(".gz")
            ? "gunzip -c"
            : name.endsWith(".zst") ? "zstd -dc" : name.endsWith(".lz4") ? "lz4 -dc" : null;
    String script =
        decode != null
            ? "set -o pipefail; " + decode + " \"$1\" | \"$2\" -X -q -v ON_ERROR_STOP=1 -d \"$3\""
            : "\"$2\" -X -q -v ON_ERROR_STOP=1 -d \"$3\" -f \"$1\"";
    ProcessBuilder builder =
        new ProcessBuilder(
            "/bin/bash", "-c", script, "load", artifact.toString(), psql, target.name());
    builder.environment().putAll(server.libpqEnv());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("psql load output: %s", output).isZero();
  }
}
