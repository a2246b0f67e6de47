package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.ckanmigrate.contract.spec.SecretRef;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.stack.postgres.PostgresServer;

/** Real PostgreSQL helpers for the loader's integration tests. */
final class PgFixtures {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private PgFixtures() {}

  static PostgresServer server() {
    return PostgresServer.shared();
  }

  /** A fresh database name the loader accepts (not created). */
  static String newTargetName(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
  }

  static TargetSpec target(Path work, String database, boolean replace, int parallelism)
      throws IOException {
    return target(work, database, replace, parallelism, List.of(), List.of(), null, null);
  }

  static TargetSpec target(
      Path work,
      String database,
      boolean replace,
      int parallelism,
      List<String> exclude,
      List<String> schemaOnly,
      String ownership,
      String ownerRole)
      throws IOException {
    Path secret = work.resolve("target-password");
    Files.writeString(secret, server().password());
    return TargetSpec.builder()
        .jdbcUrl(server().jdbcUrl("postgres"))
        .user(server().superuser())
        .password(SecretRef.ofFile(secret.toString()))
        .database(database)
        .replace(replace)
        .excludeTables(exclude)
        .schemaOnlyTables(schemaOnly)
        .parallelism(parallelism)
        .ownership(ownership)
        .ownerRole(ownerRole)
        .allowNonCkan(true)
        .build(); // the loader's own tests replace targets with a synthetic, non-CKAN dump
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(server().libpqEnv());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
  }

  static Path pgDump(String database, Path out, String... options)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of(server().tool("pg_dump").toString(), "-f", out.toString()));
    cmd.addAll(List.of(options));
    cmd.add(database);
    run(cmd);
    return out;
  }

  static void psql(String database, Path file) throws IOException, InterruptedException {
    run(
        List.of(
            server().tool("psql").toString(),
            "-q",
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            database,
            "-f",
            file.toString()));
  }

  static Path gzip(Path in, Path out) throws IOException {
    try (InputStream i = Files.newInputStream(in);
        OutputStream o = new GZIPOutputStream(Files.newOutputStream(out), 1 << 16)) {
      i.transferTo(o);
    }
    return out;
  }

  static void exec(String database, String sql) throws SQLException {
    try (Connection c = server().connect(database);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static boolean databaseExists(String name) throws SQLException {
    return !names("SELECT datname FROM pg_database WHERE datname = '" + name + "'").isEmpty();
  }

  /**
   * Tables of {@code database} with a page not marked all-frozen in the visibility map (through
   * pg_visibility, created there), with their count of such pages; empty when the load wrote every
   * row frozen.
   */
  static Map<String, Long> unfrozenPages(String database) throws SQLException {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (Connection c = server().connect(database);
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_visibility");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT format('%I.%I', n.nspname, c.relname), pg_relation_size(c.oid) / 8192"
                  + " - (pg_visibility_map_summary(c.oid)).all_frozen"
                  + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog',"
                  + " 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'")) {
        while (rs.next()) {
          if (rs.getLong(2) > 0) {
            out.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
    }
    return out;
  }

  /** Databases the loader made for staging or swapping and did not clean up. */
  static List<String> loaderLeftovers(String target) throws SQLException {
    return names("SELECT datname FROM pg_database WHERE datname LIKE '" + target + "\\_ckm\\_%'");
  }

  private static List<String> names(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * What two loads of the same dump must agree on: tables, row counts, per-table content checksums,
   * indexes, constraints, sequence values, routines, views, triggers and the tables' storage
   * parameters (the loader changes autovacuum's while it loads and must put them back).
   */
  record Snapshot(
      Map<String, Long> rowCounts,
      Map<String, String> checksums,
      Map<String, String> indexes,
      Map<String, String> constraints,
      Map<String, String> sequences,
      Map<String, String> routines,
      Map<String, String> views,
      Map<String, String> triggers,
      Map<String, String> storageParameters) {}

  /** A load of {@code artifact} into a new {@code target} (not replacing), fresh run id. */
  static LoadRequest loadRequest(Path artifact, String target, int parallelism, Path work)
      throws Exception {
    return new LoadRequest(
        java.util.UUID.randomUUID().toString(),
        artifact,
        null,
        null,
        null,
        target(work, target, false, parallelism),
        null);
  }

  /**
   * Waits (up to two minutes) until no autovacuum worker is busy and flushes dirty buffers, so one
   * benchmark measurement does not pay for the vacuum and writes the previous one left behind.
   */
  static void settle() throws Exception {
    try (Connection c = server().connect("postgres")) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline
          && Long.parseLong(
                  one(
                      c,
                      "SELECT count(*) FROM pg_stat_activity"
                          + " WHERE backend_type = 'autovacuum worker'"))
              > 0) {
        Thread.sleep(500);
      }
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT");
      }
    }
  }

  static Snapshot snapshot(String database) throws SQLException {
    try (Connection c = server().connect(database)) {
      Map<String, Long> counts = new TreeMap<>();
      Map<String, String> sums = new TreeMap<>();
      for (String t :
          list(
              c,
              "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n"
                  + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN"
                  + " ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
        counts.put(t, Long.parseLong(one(c, "SELECT count(*) FROM ONLY " + t)));
        sums.put(
            t,
            one(
                c,
                "SELECT md5(coalesce(string_agg(md5(x::text), ',' ORDER BY md5(x::text)), ''))"
                    + " FROM ONLY "
                    + t
                    + " x"));
      }
      return new Snapshot(
          counts,
          sums,
          map(
              c,
              "SELECT schemaname || '.' || indexname, indexdef FROM pg_indexes WHERE schemaname"
                  + " NOT IN ('pg_catalog', 'information_schema')"),
          map(
              c,
              "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)"
                  + " FROM pg_constraint WHERE connamespace::regnamespace::text NOT IN"
                  + " ('pg_catalog', 'information_schema')"),
          map(
              c,
              "SELECT schemaname || '.' || sequencename, coalesce(last_value::text, 'null')"
                  + " FROM pg_sequences"),
          map(
              c,
              "SELECT p.oid::regprocedure::text, md5(pg_get_functiondef(p.oid)) FROM pg_proc p"
                  + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN"
                  + " ('pg_catalog', 'information_schema') AND p.prokind = 'f'"),
          map(
              c,
              "SELECT schemaname || '.' || viewname, definition FROM pg_views WHERE schemaname"
                  + " NOT IN ('pg_catalog', 'information_schema')"),
          map(
              c,
              "SELECT tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid)"
                  + " FROM pg_trigger WHERE NOT tgisinternal"),
          map(
              c,
              "SELECT format('%I.%I', n.nspname, c.relname), coalesce(c.reloptions::text, '')"
                  + " || ' toast ' || coalesce(t.reloptions::text, '') FROM pg_class c JOIN"
                  + " pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid ="
                  + " c.reltoastrelid WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN"
                  + " ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"));
    }
  }

  private static List<String> list(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Map<String, String> map(Connection c, String sql) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
