package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ckanmigrate.schema.CkanFixtures.column;
import static org.ckanmigrate.schema.CkanFixtures.count;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.migration.StepResult;
import org.ckanmigrate.schema.upgrade.LocalCommandRunner;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The phase's guards: preflight, the Flyway ledger, rollback, resume. */
class SchemaMigratorIT {

  private final SchemaMigrator migrator = new SchemaMigrator(new LocalCommandRunner());

  @TempDir Path scripts;

  private static SchemaSpec operatorScripts(Path dir, Map<String, String> params) {
    return SchemaSpec.builder()
        .migrationDir(dir.toString())
        .parameters(params)
        .keepSysadmins(List.of())
        .build();
  }

  @Test
  void nonCkanDatabaseIsRefusedNamingTheMissingTables() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("not_ckan")) {
      try (Connection c = db.connect()) {
        CkanFixtures.exec(c, "CREATE TABLE package (id text)", "CREATE TABLE \"user\" (id text)");
      }

      assertThatThrownBy(
              () ->
                  migrator.migrate(
                      new SchemaRequest(
                          "run-x",
                          CkanFixtures.dataSource(db),
                          operatorScripts(scripts, Map.of()))))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_CKAN_DATABASE);
                assertThat(e.getMessage())
                    .contains("package_extra", "resource", "migrate_version or alembic_version")
                    .doesNotContain("package,");
                assertThat(e.details().get("missingTables")).contains("member");
              });
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT to_regnamespace('ckan_migrate')::text")).isNull();
      }
    }
  }

  @Test
  void unusableSpecIsRefusedBeforeTheTargetIsTouched() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("bad_spec")) {
      SchemaSpec unknownSet =
          SchemaSpec.builder()
              .migrationSet("no-such-set")
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .build();
      SchemaSpec remote =
          SchemaSpec.builder()
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .iniPath("/etc/ckan/ckan.ini")
              .upgradeHost(
                  new org.ckanmigrate.contract.spec.SshEndpoint(
                      "ckan.example.org", 22, "ckan", "/keys/id", "/keys/known_hosts"))
              .build();
      SchemaSpec noIni =
          SchemaSpec.builder()
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .upgradeCommand("paster db upgrade")
              .iniPath("/x.ini")
              .build();

      assertThatThrownBy(
              () ->
                  migrator.migrate(
                      new SchemaRequest("run-b", CkanFixtures.dataSource(db), unknownSet)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no-such-set")
          .hasMessageContaining("datagovuk-bytemark-to-govuk");
      assertThatThrownBy(
              () ->
                  migrator.migrate(new SchemaRequest("run-b", CkanFixtures.dataSource(db), remote)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                // The CKAN host is checked first: here its key file does not even exist.
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.details()).containsEntry("sshFailure", "AUTH_FAILED");
                assertThat(e.getMessage()).contains("/keys/id");
              });
      assertThatThrownBy(
              () ->
                  migrator.migrate(new SchemaRequest("run-b", CkanFixtures.dataSource(db), noIni)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an upgrade command of this schema-service");
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT to_regnamespace('ckan_migrate')::text")).isNull();
      }
    }
  }

  @Test
  void editedAppliedScriptIsRefusedBeforeAnythingRuns() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("edited")) {
      CkanFixtures.write(
          scripts, "V1__mark_admin.sql", "UPDATE \"user\" SET about = 'one' WHERE name = 'admin';");
      migrator.migrate(
          new SchemaRequest(
              "run-e", CkanFixtures.dataSource(db), operatorScripts(scripts, Map.of())));

      CkanFixtures.write(
          scripts, "V1__mark_admin.sql", "UPDATE \"user\" SET about = 'two' WHERE name = 'admin';");
      CkanFixtures.write(
          scripts, "V2__mark_fresh.sql", "UPDATE \"user\" SET about = 'x' WHERE name = 'fresh';");

      assertThatThrownBy(
              () ->
                  migrator.migrate(
                      new SchemaRequest(
                          "run-e",
                          CkanFixtures.dataSource(db),
                          operatorScripts(scripts, Map.of()))))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_CHECKSUM_MISMATCH);
                assertThat(e.getMessage())
                    .contains("V1", "mark admin", "checksum", "Applied to database")
                    .doesNotContain("repair")
                    .doesNotContain("\n");
              });
      SchemaSpec dry =
          SchemaSpec.builder()
              .migrationDir(scripts.toString())
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .dryRun(true)
              .build();
      assertThatThrownBy(
              () -> migrator.migrate(new SchemaRequest("run-e", CkanFixtures.dataSource(db), dry)))
          .hasFieldOrPropertyWithValue("code", ErrorCode.MIGRATION_CHECKSUM_MISMATCH);
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT about FROM \"user\" WHERE name = 'admin'")).isEqualTo("one");
        assertThat(one(c, "SELECT about FROM \"user\" WHERE name = 'fresh'")).isNull();
      }
    }
  }

  @Test
  void failingScriptIsRolledBackAndNamedWithStatementAndSqlState() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("failing")) {
      CkanFixtures.write(
          scripts, "V1__ok.sql", "UPDATE \"user\" SET about = 'v1' WHERE name = 'admin';");
      CkanFixtures.write(
          scripts,
          "V2__breaks.sql",
          "UPDATE \"user\" SET about = 'v2';\n"
              + "ALTER TABLE package ADD COLUMN half_done text;\n"
              + "INSERT INTO \"user\" (id, name) VALUES (NULL, 'nobody');\n");
      String before;
      try (Connection c = db.connect()) {
        before = CkanFixtures.digest(c);
      }

      assertThatThrownBy(
              () ->
                  migrator.migrate(
                      new SchemaRequest(
                          "run-f",
                          CkanFixtures.dataSource(db),
                          operatorScripts(scripts, Map.of()))))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                assertThat(e.details())
                    .containsEntry("script", "V2__breaks.sql")
                    .containsEntry("sqlState", "23502");
                assertThat(e.details().get("statement")).startsWith("INSERT INTO \"user\"");
                assertThat(e.getMessage()).contains("V2__breaks.sql", "23502", "rolled back");
              });
      try (Connection c = db.connect()) {
        // V1 committed, V2 left no trace: no column, no update, no history row.
        assertThat(column(c, "SELECT about FROM \"user\" WHERE about IS NOT NULL"))
            .containsExactly("v1");
        assertThat(
                count(
                    c,
                    "SELECT count(*) FROM information_schema.columns"
                        + " WHERE table_name = 'package' AND column_name = 'half_done'"))
            .isZero();
        assertThat(
                column(
                    c,
                    "SELECT version FROM ckan_migrate.flyway_schema_history"
                        + " WHERE version::int > 0 ORDER BY installed_rank"))
            .containsExactly("1");
        CkanFixtures.exec(c, "UPDATE \"user\" SET about = NULL");
        assertThat(CkanFixtures.digest(c)).isEqualTo(before);
      }
    }
  }

  @Test
  void resumedRunSkipsAppliedScriptsAndKeepsTheFirstLedger() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("resume")) {
      CkanFixtures.write(
          scripts, "V1__demote_all.sql", "UPDATE \"user\" SET sysadmin = false WHERE sysadmin;");
      CkanFixtures.write(scripts, "V2__fails_once.sql", "SELECT 1/0;");
      SchemaSpec spec =
          SchemaSpec.builder()
              .migrationDir(scripts.toString())
              .parameters(Map.of())
              .keepSysadmins(List.of("admin"))
              .build();

      assertThatThrownBy(
              () -> migrator.migrate(new SchemaRequest("run-r", CkanFixtures.dataSource(db), spec)))
          .hasFieldOrPropertyWithValue("code", ErrorCode.MIGRATION_FAILED);

      // The operator fixes the unapplied script, checks with a dry run, and resumes the same run.
      Files.writeString(scripts.resolve("V2__fails_once.sql"), "SELECT 1;");
      SchemaSpec dry =
          SchemaSpec.builder()
              .migrationDir(scripts.toString())
              .parameters(Map.of())
              .keepSysadmins(List.of("admin"))
              .dryRun(true)
              .build();
      SchemaResult preview =
          migrator.migrate(new SchemaRequest("run-r", CkanFixtures.dataSource(db), dry));
      assertThat(preview.steps())
          .extracting(StepResult::version, StepResult::status, StepResult::rowsChanged)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("1", StepResult.Status.ALREADY_APPLIED, 2L),
              org.assertj.core.groups.Tuple.tuple("2", StepResult.Status.WOULD_APPLY, 0L));
      SchemaResult result =
          migrator.migrate(new SchemaRequest("run-r", CkanFixtures.dataSource(db), spec));

      assertThat(result.steps())
          .extracting(StepResult::version, StepResult::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("1", StepResult.Status.ALREADY_APPLIED),
              org.assertj.core.groups.Tuple.tuple("2", StepResult.Status.APPLIED));
      assertThat(result.steps().get(0).rowsChanged()).isEqualTo(2);
      // Recorded before the first attempt's V1 demoted them: both still in the ledger.
      assertThat(result.sysadmins()).extracting("name").containsExactlyInAnyOrder("admin", "fresh");
      assertThat(result.repromotion().promoted()).containsExactly("admin");
    }
  }

  @Test
  void connectionCutMidScriptLeavesNoTraceAndResumeAppliesIt() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("cut")) {
      try (Connection c = db.connect()) {
        CkanFixtures.exec(c, "UPDATE \"user\" SET about = 'hang' WHERE name = 'admin'");
      }
      CkanFixtures.write(
          scripts, "V1__first.sql", "UPDATE \"user\" SET email = 'v1@x' WHERE name = 'admin';");
      CkanFixtures.write(
          scripts,
          "V2__slow.sql",
          "UPDATE \"user\" SET fullname = 'v2' WHERE name = 'fresh';\n"
              + "SELECT pg_sleep(CASE WHEN (SELECT about FROM \"user\" WHERE name = 'admin')"
              + " = 'hang' THEN 120 ELSE 0 END);\n");
      SchemaRequest request =
          new SchemaRequest(
              "run-cut", CkanFixtures.dataSource(db), operatorScripts(scripts, Map.of()));
      var attempt =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> migrator.migrate(request));

      // The database goes away under the script (a crash of the service looks the same to it).
      try (Connection admin = db.server().connect("postgres")) {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(60))
            .until(
                () ->
                    count(
                            admin,
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE datname = '"
                                + db.name()
                                + "' AND query LIKE '%pg_sleep(CASE%'"
                                + " AND pid <> pg_backend_pid()")
                        > 0);
      }
      assertThatThrownBy(attempt::join)
          .cause()
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                assertThat(e.details()).containsEntry("script", "V2__slow.sql");
              });
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT fullname FROM \"user\" WHERE name = 'fresh'")).isNull();
        assertThat(one(c, "SELECT email FROM \"user\" WHERE name = 'admin'")).isEqualTo("v1@x");
        assertThat(
                column(
                    c,
                    "SELECT version FROM ckan_migrate.flyway_schema_history"
                        + " WHERE version::int > 0 ORDER BY installed_rank"))
            .containsExactly("1");
        CkanFixtures.exec(c, "UPDATE \"user\" SET about = NULL WHERE name = 'admin'");
      }

      SchemaResult resumed = migrator.migrate(request);

      assertThat(resumed.steps())
          .extracting(StepResult::status)
          .containsExactly(StepResult.Status.ALREADY_APPLIED, StepResult.Status.APPLIED);
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT fullname FROM \"user\" WHERE name = 'fresh'")).isEqualTo("v2");
      }
    }
  }

  @Test
  void operatorScriptsCreateTheirObjectsAmongCkansTablesNotOurs() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("search_path")) {
      CkanFixtures.write(
          scripts,
          "V1__site_table.sql",
          "CREATE TABLE site_note (id int);\nINSERT INTO site_note VALUES (1), (2);");

      SchemaResult result =
          migrator.migrate(
              new SchemaRequest(
                  "run-s", CkanFixtures.dataSource(db), operatorScripts(scripts, Map.of())));

      assertThat(result.steps().get(0).rowsByTable()).isEqualTo(Map.of("site_note", 2L));
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT to_regclass('public.site_note')::text")).isEqualTo("site_note");
        assertThat(one(c, "SELECT to_regclass('ckan_migrate.site_note')::text")).isNull();
      }
    }
  }
}
