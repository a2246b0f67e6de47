package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.upgrade.LocalCommandRunner;
import org.ckanmigrate.schema.vacuum.TargetVacuum;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The schema phase leaves the target vacuumed and analysed, and says what it could not do. */
class TargetVacuumIT {

  // Reported to the statistics as it happens (PostgreSQL 15's shared-memory statistics); a
  // page check (relallvisible) would depend on when asynchronous commits reach the disk.
  private static final String NOT_VACUUMED =
      "SELECT count(*) FROM pg_stat_user_tables WHERE last_vacuum IS NULL OR last_analyze IS NULL";

  @TempDir Path scripts;

  @Test
  void migratedTargetIsLeftVacuumedAndAnalysedAndTheEventSaysSo() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("vacuum")) {
      CkanFixtures.write(scripts, "V1__retitle.sql", "UPDATE package SET title = upper(title);");
      SchemaSpec dry =
          SchemaSpec.builder()
              .migrationDir(scripts.toString())
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .dryRun(true)
              .build();
      SchemaSpec spec =
          SchemaSpec.builder()
              .migrationDir(scripts.toString())
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .build();
      SchemaMigrator migrator = new SchemaMigrator(new LocalCommandRunner());

      SchemaResult preview =
          migrator.migrate(new SchemaRequest("run-v", CkanFixtures.dataSource(db), dry));
      long untouched;
      try (Connection c = db.connect()) {
        untouched = Long.parseLong(one(c, NOT_VACUUMED));
      }
      SchemaResult result =
          migrator.migrate(new SchemaRequest("run-v", CkanFixtures.dataSource(db), spec));

      assertThat(preview.vacuum()).isNull();
      assertThat(untouched).as("tables a dry run left unvacuumed").isPositive();
      try (Connection c = db.connect()) {
        assertThat(
                one(
                    c,
                    NOT_VACUUMED.replace(
                        "count(*)", "string_agg(schemaname || '.' || relname, ', ')")))
            .as("tables left unvacuumed or unanalysed")
            .isNull();
        String tables =
            one(
                c,
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog',"
                    + " 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'");
        assertThat(result.vacuum().tables()).isEqualTo(Integer.parseInt(tables));
      }
      assertThat(result.vacuum().skipped()).isEmpty();
      assertThat(result.toSchemaMigrated().vacuum().tables()).isEqualTo(result.vacuum().tables());
      assertThat(result.notes()).noneMatch(n -> n.contains("vacuum"));
    }
  }

  @Test
  void tablesTheUserMayNotVacuumAreNamedAndLeftToAutovacuum() throws Exception {
    PostgresServer server = PostgresServer.shared();
    String role = "vac_" + UUID.randomUUID().toString().substring(0, 8);
    try (TestDatabase db = server.createDatabase("vacuum_rights")) {
      try (Connection c = db.connect()) {
        CkanFixtures.exec(
            c,
            "CREATE ROLE " + role + " LOGIN PASSWORD 'vacuum-test'",
            "GRANT ALL ON SCHEMA public TO " + role,
            "CREATE TABLE theirs (id int)",
            "INSERT INTO theirs SELECT generate_series(1, 100)",
            "CREATE TABLE mine (id int)",
            "INSERT INTO mine SELECT generate_series(1, 100)",
            "ALTER TABLE mine OWNER TO " + role);
      }
      try {
        PGSimpleDataSource asRole = new PGSimpleDataSource();
        asRole.setURL(db.jdbcUrl());
        asRole.setUser(role);
        asRole.setPassword("vacuum-test");

        TargetVacuum.Report report = TargetVacuum.run(asRole);

        assertThat(report.tables()).isEqualTo(1);
        assertThat(report.skipped()).containsExactly("public.theirs");
        try (Connection c = db.connect()) {
          assertThat(one(c, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'mine'"))
              .isEqualTo("100");
          assertThat(one(c, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'theirs'"))
              .isEqualTo("-1");
        }
      } finally {
        try (Connection c = db.connect()) {
          CkanFixtures.exec(c, "DROP OWNED BY " + role, "DROP ROLE " + role);
        }
      }
    }
  }
}
