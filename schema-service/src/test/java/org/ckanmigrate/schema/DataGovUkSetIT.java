package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckanmigrate.schema.CkanFixtures.column;
import static org.ckanmigrate.schema.CkanFixtures.count;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.migration.MigrationSets;
import org.ckanmigrate.schema.migration.StepResult;
import org.ckanmigrate.schema.sysadmin.Sysadmin;
import org.ckanmigrate.schema.sysadmin.SysadminLedger;
import org.ckanmigrate.schema.upgrade.LocalCommandRunner;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

/** The data.gov.uk Bytemark to GOV.UK set, step by step, on 2.2-era databases. */
class DataGovUkSetIT {

  private final SchemaMigrator migrator = new SchemaMigrator(new LocalCommandRunner());

  static SchemaSpec spec(List<String> keep, SchemaSpec.Tags tags, boolean dryRun) {
    return SchemaSpec.builder()
        .migrationSet(MigrationSets.DATAGOVUK_BYTEMARK_TO_GOVUK)
        .parameters(Map.of())
        .keepSysadmins(keep)
        .dryRun(dryRun)
        .tags(tags)
        .build();
  }

  private static Map<String, StepResult> byVersion(List<StepResult> steps) {
    return steps.stream().collect(Collectors.toMap(StepResult::version, Function.identity()));
  }

  @Test
  void eachStepChangesWhatTheOriginalScriptChanged() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("dgu_steps")) {
      long systemRolesOfDeletedUsers;
      try (Connection c = db.connect()) {
        CkanFixtures.seedDataGovUk(c);
        systemRolesOfDeletedUsers =
            count(
                c,
                "SELECT count(*) FROM system_role sr JOIN user_object_role uor"
                    + " ON uor.id = sr.user_object_role_id"
                    + " WHERE uor.user_id IN (SELECT id FROM \"user\""
                    + " WHERE name IN ('logged_in', 'visitor', 'user_d4'))");
      }

      SchemaResult result =
          migrator.migrate(
              new SchemaRequest(
                  "run-steps",
                  CkanFixtures.dataSource(db),
                  spec(List.of("user_d3"), SchemaSpec.Tags.KEEP, false)));

      Map<String, StepResult> steps = byVersion(result.steps());
      assertThat(steps).hasSize(14);
      assertThat(steps.values()).allMatch(s -> s.status() == StepResult.Status.APPLIED);
      assertThat(steps.get("1").rowsChanged()).isZero();
      assertThat(steps.get("2").rowsByTable()).isEqualTo(Map.of("package_extra", 3L));
      assertThat(steps.get("3").rowsByTable()).isEqualTo(Map.of("package_extra", 2L));
      assertThat(steps.get("4").rowsByTable()).isEqualTo(Map.of("package_extra", 1L));
      assertThat(steps.get("5").rowsByTable()).isEqualTo(Map.of("resource", 1L));
      assertThat(steps.get("6").rowsChanged()).isZero();
      assertThat(steps.get("7").rowsByTable())
          .containsEntry("user", 3L)
          .containsEntry("user_object_role", 3L)
          .containsEntry("package_role", 1L);
      assertThat(steps.get("7").rowsByTable().getOrDefault("system_role", 0L))
          .isEqualTo(systemRolesOfDeletedUsers);
      assertThat(steps.get("8").rowsByTable()).isEqualTo(Map.of("user", 3L));
      assertThat(steps.get("9").rowsByTable()).isEqualTo(Map.of("user", 3L));
      assertThat(steps.get("10").rowsByTable()).isEqualTo(Map.of("resource", 1L));
      assertThat(steps.get("11").rowsByTable()).isEqualTo(Map.of("harvest_source", 4L));
      assertThat(steps.get("12").rowsByTable())
          .isEqualTo(
              Map.of(
                  "harvest_object_extra", 1L,
                  "harvest_object", 1L,
                  "harvest_job", 1L,
                  "harvest_source", 1L));
      assertThat(steps.get("13").rowsChanged()).isZero();
      assertThat(steps.get("14").rowsChanged()).isZero();

      try (Connection c = db.connect()) {
        // 2: resource-list extras gone; 3: slugs; 4: key renamed.
        assertThat(column(c, "SELECT key || '=' || value FROM package_extra ORDER BY id"))
            .containsExactly(
                "theme-primary=business-and-economy",
                "theme-primary=government",
                "schema-vocabulary=[\"" + CkanFixtures.ORGANOGRAM_SCHEMA + "\"]",
                "theme-primary-other=Health");
        // 5: viewer link soft-deleted; 10: only the organogram dataset's CSV moved to S3.
        assertThat(column(c, "SELECT id || ' ' || state || ' ' || url FROM resource ORDER BY id"))
            .containsExactly(
                "r-1 deleted https://data.gov.uk/organogram/viewer",
                "r-2 active https://s3-eu-west-1.amazonaws.com/datagovuk-integration-ckan-organogram"
                    + "/legacy/organogram/co.csv",
                "r-3 active https://data.gov.uk/sites/default/files/organogram/x.csv");
        // 7: non-publishers gone with their old roles; 8: all but 2ndline demoted, then the
        // allow-list re-promoted; 9: names from full names.
        assertThat(
                column(
                    c, "SELECT name || ':' || sysadmin FROM \"user\" ORDER BY name COLLATE \"C\""))
            .containsExactly(
                "2ndline:true",
                "Publisher Pat:false",
                "Sys Sam:true",
                "admin:false",
                "fresh:false");
        assertThat(count(c, "SELECT count(*) FROM user_object_role WHERE user_id = 'u-old'"))
            .isZero();
        assertThat(count(c, "SELECT count(*) FROM package_role")).isZero();
        // 11: types renamed, DKAN reads data.json; 12: duplicate gone with its job and objects.
        assertThat(
                column(c, "SELECT id || ' ' || type || ' ' || url FROM harvest_source ORDER BY id"))
            .containsExactly(
                "hs-dkan dcat_json http://dkan.example.org/data.json",
                "hs-json dcat_json http://json.example.org/data.json",
                "hs-waf waf http://maps.example.org/waf/");
        assertThat(count(c, "SELECT count(*) FROM harvest_job")).isZero();
        // 13: the continuity-id indexes CKAN's 080 recreates are gone.
        assertThat(
                count(c, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%continuity_id'"))
            .isZero();
        // 14: tags kept.
        assertThat(count(c, "SELECT count(*) FROM package_tag")).isEqualTo(2);
        // 6: foreign keys now cascade.
        assertThat(
                one(
                    c,
                    "SELECT confdeltype FROM pg_constraint"
                        + " WHERE conname = 'user_object_role_user_id_fkey'"))
            .isEqualTo("c");
        // The ledger: history and row counts in ckan_migrate, nothing of ours among CKAN's tables.
        assertThat(
                count(
                    c,
                    "SELECT count(*) FROM ckan_migrate.flyway_schema_history"
                        + " WHERE success AND version::int BETWEEN 1 AND 14"))
            .isEqualTo(14);
        assertThat(one(c, "SELECT rows_by_table FROM ckan_migrate.step_rows WHERE version = '2'"))
            .isEqualTo("package_extra=3");
        assertThat(
                column(
                    c,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND (table_name LIKE 'flyway%' OR table_name LIKE '%ledger%')"))
            .isEmpty();
      }
      assertThat(result.sysadmins())
          .extracting(Sysadmin::name)
          .containsExactlyInAnyOrder("admin", "fresh", "user_d1", "user_d3");
      assertThat(result.repromotion().promoted()).containsExactly("user_d3");
      assertThat(result.versionBefore().version()).isEqualTo("71");
      assertThat(result.upgrade()).isNull();
    }
  }

  @Test
  void setIsRefusedOnADatabaseAlreadyPastItsSchema() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("dgu_too_new")) {
      String before;
      try (Connection c = db.connect()) {
        CkanFixtures.exec(c, "UPDATE migrate_version SET version = 85");
        before = CkanFixtures.digest(c);
      }

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  migrator.migrate(
                      new SchemaRequest(
                          "run-new",
                          CkanFixtures.dataSource(db),
                          spec(List.of(), SchemaSpec.Tags.KEEP, false))))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_VERSION_UNEXPECTED);
                assertThat(e.getMessage())
                    .contains("migrate_version 85", "up to migrate_version 77");
              });
      try (Connection c = db.connect()) {
        assertThat(CkanFixtures.digest(c)).isEqualTo(before);
      }
    }
  }

  @Test
  void tagsCanBeDeletedAsDataGovUkDidAtRestore() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("dgu_tags")) {
      try (Connection c = db.connect()) {
        CkanFixtures.seedDataGovUk(c);
      }

      SchemaResult result =
          migrator.migrate(
              new SchemaRequest(
                  "run-tags",
                  CkanFixtures.dataSource(db),
                  spec(List.of(), SchemaSpec.Tags.DELETE, false)));

      assertThat(byVersion(result.steps()).get("14").rowsByTable())
          .isEqualTo(Map.of("package_tag", 2L, "tag", 2L));
      try (Connection c = db.connect()) {
        assertThat(count(c, "SELECT count(*) FROM tag")).isZero();
      }
    }
  }

  @Test
  void dryRunReportsEveryStepAndCommitsNothing() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("dgu_dry")) {
      String before;
      try (Connection c = db.connect()) {
        CkanFixtures.seedDataGovUk(c);
        before = CkanFixtures.digest(c);
      }

      SchemaResult result =
          migrator.migrate(
              new SchemaRequest(
                  "run-dry",
                  CkanFixtures.dataSource(db),
                  spec(List.of("user_d3"), SchemaSpec.Tags.DELETE, true)));

      assertThat(result.dryRun()).isTrue();
      Map<String, StepResult> steps = byVersion(result.steps());
      assertThat(steps).hasSize(14);
      assertThat(steps.values()).allMatch(s -> s.status() == StepResult.Status.WOULD_APPLY);
      assertThat(steps.get("2").rowsByTable()).isEqualTo(Map.of("package_extra", 3L));
      assertThat(steps.get("8").rowsByTable()).isEqualTo(Map.of("user", 3L));
      assertThat(steps.get("12").rowsChanged()).isEqualTo(4);
      assertThat(steps.get("14").rowsByTable()).isEqualTo(Map.of("package_tag", 2L, "tag", 2L));
      assertThat(result.sysadmins()).hasSize(4);
      try (Connection c = db.connect()) {
        assertThat(CkanFixtures.digest(c)).isEqualTo(before);
        assertThat(one(c, "SELECT to_regnamespace('ckan_migrate')::text")).isNull();
      }
    }
  }

  @Test
  void bareSiteLosesItsNonPublishersButNoSysadmin() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("dgu_bare")) {
      losesNonPublishersButNoSysadmin(db);
    }
  }

  /** Reference check: the same on the real 2.2-era dump the bare site is modelled on. */
  @Test
  void realDumpLosesItsNonPublishersButNoSysadmin() throws Exception {
    try (TestDatabase db = CkanFixtures.freshDumpDatabase("dgu_real")) {
      losesNonPublishersButNoSysadmin(db);
    }
  }

  private void losesNonPublishersButNoSysadmin(TestDatabase db) throws Exception {
    SchemaResult result =
        migrator.migrate(
            new SchemaRequest(
                "run-real",
                CkanFixtures.dataSource(db),
                spec(List.of("admin"), SchemaSpec.Tags.KEEP, false)));

    Map<String, StepResult> steps = byVersion(result.steps());
    // No harvest tables in this dump: the harvest steps skip themselves.
    assertThat(steps.get("11").rowsChanged()).isZero();
    assertThat(steps.get("12").rowsChanged()).isZero();
    assertThat(steps.get("7").rowsByTable())
        .containsEntry("user", 2L)
        .containsEntry("user_object_role", 2L);
    // Both sysadmins have no full name; the intent "all but 2ndline" demotes them.
    assertThat(steps.get("8").rowsByTable()).isEqualTo(Map.of("user", 2L));
    assertThat(result.sysadmins())
        .extracting(Sysadmin::name)
        .containsExactlyInAnyOrder("admin", "fresh");
    assertThat(result.repromotion().promoted()).containsExactly("admin");
    assertThat(result.versionBefore().version()).isEqualTo("71");
    try (Connection c = db.connect()) {
      assertThat(column(c, "SELECT name || ':' || sysadmin FROM \"user\" ORDER BY name"))
          .containsExactly("admin:true", "fresh:false");
      assertThat(
              column(
                  c,
                  "SELECT name FROM ckan_migrate.sysadmin_ledger WHERE run_id = 'run-real'"
                      + " ORDER BY name"))
          .containsExactly("admin", "fresh");
    }

    // Later, the ledger re-promotes another recorded sysadmin (what promote-sysadmins asks the
    // schema-service for); a never-recorded user is refused.
    var later =
        new SysadminLedger(CkanFixtures.dataSource(db))
            .repromote("run-real", List.of("fresh", "visitor"));
    assertThat(later.promoted()).containsExactly("fresh");
    assertThat(later.notRecorded()).containsExactly("visitor");
    try (Connection c = db.connect()) {
      assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE sysadmin")).isEqualTo(2);
    }
  }
}
