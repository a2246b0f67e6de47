package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ckanmigrate.schema.CkanFixtures.column;
import static org.ckanmigrate.schema.CkanFixtures.count;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.schema.migration.MigrationSets;
import org.ckanmigrate.schema.migration.StepResult;
import org.ckanmigrate.schema.preflight.SchemaEra;
import org.ckanmigrate.schema.upgrade.UpgradePass;
import org.ckanmigrate.stack.ckan.FakeCkan;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CKAN's upgrade run twice against {@link FakeCkan}, a real process that reads the ini it is given
 * and behaves like CKAN with ckanext-harvest where it matters.
 */
class CkanUpgradeIT {

  @TempDir Path ckanDir;

  /** The name of FakeCkan stopping at {@code head}, as an upgrade command of the service. */
  static String fakeCkan(String head) {
    return TestUpgradeCommands.named(fakeCkanTemplate(head));
  }

  static String fakeCkanTemplate(String head) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Only what FakeCkan needs: its own classes and PgJDBC; a quick-starting JVM.
    String classpath =
        codeSource(FakeCkan.class) + File.pathSeparator + codeSource(org.postgresql.Driver.class);
    return "\""
        + java
        + "\" -XX:TieredStopAtLevel=1 -Xshare:auto -cp \""
        + classpath
        + "\" "
        + FakeCkan.class.getName()
        + " --head="
        + head
        + " --plugin=ckan db upgrade -c {ini}";
  }

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path writeIni(TestDatabase db) throws Exception {
    return writeIni(ckanDir, db);
  }

  /** A data.gov.uk-like ckan.ini in {@code dir} for {@code db}, harvest plugins loaded. */
  static Path writeIni(Path dir, TestDatabase db) throws Exception {
    var server = db.server();
    String ini =
        "#\n# CKAN - Pylons configuration\n#\n[DEFAULT]\ndebug = false\n\n[server:main]\n"
            + "use = egg:Paste#http\n\n[app:main]\nuse = egg:ckan\n"
            + "sqlalchemy.url = postgresql://"
            + server.superuser()
            + "@"
            + server.host()
            + ":"
            + server.port()
            + "/"
            + db.name()
            + "\nckan.site_url = http://data.example.org\n"
            + "ckan.plugins = datagovuk stats harvest ckan_harvester\n"
            + "    dcat dcat_rdf_harvester dgu_harvest text_view\n"
            + "who.config_file = %(here)s/who.ini\n\n[loggers]\nkeys = root\n";
    return Files.writeString(dir.resolve("ckan.ini"), ini);
  }

  private static SchemaSpec spec(
      Path ini,
      String template,
      Map<String, String> params,
      List<String> harvestPlugins,
      String ckanVersion,
      String expected,
      Duration timeout) {
    return SchemaSpec.builder()
        .migrationSet(MigrationSets.DATAGOVUK_BYTEMARK_TO_GOVUK)
        .parameters(params)
        .keepSysadmins(List.of("user_d3"))
        .upgradeCommand(template)
        .iniPath(ini.toString())
        .harvestPlugins(harvestPlugins)
        .tags(SchemaSpec.Tags.KEEP)
        .ckanVersion(ckanVersion)
        .expectedVersion(expected)
        .upgradeTimeout(timeout)
        .build();
  }

  static TestDatabase seeded(String prefix) throws Exception {
    TestDatabase db = CkanFixtures.ckan22Database(prefix);
    try (Connection c = db.connect()) {
      CkanFixtures.seedDataGovUk(c);
    }
    return db;
  }

  @Test
  void upgradesTwiceAndEveryHarvestSourceGetsItsDataset() throws Exception {
    try (TestDatabase db = seeded("upgrade_ok")) {
      Path ini = writeIni(db);
      byte[] iniBefore = Files.readAllBytes(ini);
      SchemaSpec spec = spec(ini, fakeCkan("85"), Map.of(), null, "2.7.4", null, null);

      SchemaResult result =
          TestUpgradeCommands.migrator()
              .migrate(new SchemaRequest("run-up", CkanFixtures.dataSource(db), spec));

      assertThat(result.versionBefore().version()).isEqualTo("71");
      assertThat(result.versionAfter().version()).isEqualTo("85");
      assertThat(result.upgrade().removedPlugins())
          .containsExactly("harvest", "ckan_harvester", "dcat_rdf_harvester", "dgu_harvest");
      assertThat(result.upgrade().passes())
          .extracting(UpgradePass::pass, UpgradePass::exitStatus)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(2, 0));
      assertThat(result.upgrade().passes().get(0).argv())
          .contains(ckanDir.resolve(".ckan.ckan-migrate-pass1.ini").toString());
      assertThat(result.harvest().activeSources()).isEqualTo(2);
      assertThat(result.harvest().activeHarvestPackages()).isEqualTo(2);
      assertThat(result.harvest().missingSources()).isEmpty();
      assertThat(result.harvest().withoutSourceType()).isEmpty();
      assertThat(result.harvest().ownerMismatches()).isEmpty();
      var event = result.toSchemaMigrated();
      assertThat(event.versionBefore()).isEqualTo("71");
      assertThat(event.versionAfter()).isEqualTo("85");
      assertThat(event.scripts()).hasSize(14);
      assertThat(event.scripts().get(1).rowsChanged()).isEqualTo(3);
      assertThat(event.repromoted()).containsExactly("user_d3");
      assertThat(event.harvestSources()).isEqualTo(2);
      assertThat(event.harvestPackages()).isEqualTo(2);
      // The real ini is untouched and the temporary one is gone.
      assertThat(Files.readAllBytes(ini)).isEqualTo(iniBefore);
      try (var files = Files.list(ckanDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckan.ini");
      }
      try (Connection c = db.connect()) {
        assertThat(
                column(
                    c,
                    "SELECT p.id || ' ' || p.owner_org || ' ' || pe.value FROM package p"
                        + " JOIN package_extra pe ON pe.package_id = p.id AND pe.key = 'source_type'"
                        + " WHERE p.type = 'harvest' ORDER BY p.id"))
            .containsExactly("hs-dkan org-1 dcat_json", "hs-waf org-1 waf");
        // CKAN's 080 could recreate the continuity-id indexes because step 13 dropped them.
        assertThat(
                count(c, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%continuity_id'"))
            .isEqualTo(4);
        assertThat(
                one(c, "SELECT version FROM ckan_migrate.schema_version_log WHERE stage = 'after'"))
            .isEqualTo("85");
      }

      // A second call for the same run (a resume after a crash) changes nothing.
      SchemaResult again =
          TestUpgradeCommands.migrator()
              .migrate(new SchemaRequest("run-up", CkanFixtures.dataSource(db), spec));

      assertThat(again.steps()).allMatch(s -> s.status() == StepResult.Status.ALREADY_APPLIED);
      assertThat(again.versionBefore().version()).isEqualTo("71");
      assertThat(again.versionAfter().version()).isEqualTo("85");
      assertThat(again.harvest().activeHarvestPackages()).isEqualTo(2);
      assertThat(again.sysadmins()).hasSize(4);
    }
  }

  @Test
  void aPhaseKilledAfterPassOneResumesWithPassTwoOnly(@TempDir Path work) throws Exception {
    try (TestDatabase db = seeded("upgrade_killed")) {
      Path ini = writeIni(db);
      String template = fakeCkanTemplate("85");
      SchemaSpec spec =
          spec(ini, TestUpgradeCommands.named(template), Map.of(), null, "2.7.4", null, null);
      List<String> command =
          SchemaMain.command(
              List.of("-D" + CrashPoints.PROPERTY + "=schema.upgrade.pass-1-recorded"),
              db,
              spec,
              template,
              work.resolve("spec.json"),
              "run-killed");
      ChildJvm.Exit halted =
          ChildJvm.run(command, work.resolve("child.log"), Duration.ofMinutes(2));
      assertThat(halted.output()).contains("halting at crash point schema.upgrade.pass-1-recorded");
      assertThat(halted.status()).isEqualTo(CrashPoints.EXIT_STATUS);
      try (Connection c = db.connect()) {
        // Pass 1 left the schema at CKAN's head; ckanext-harvest (pass 2) has not run.
        assertThat(one(c, "SELECT version FROM migrate_version")).isEqualTo("85");
        assertThat(one(c, "SELECT count(*) FROM package WHERE type = 'harvest'")).isEqualTo("0");
      }

      SchemaResult resumed =
          TestUpgradeCommands.migrator()
              .migrate(new SchemaRequest("run-killed", CkanFixtures.dataSource(db), spec));

      assertThat(resumed.versionBefore().version())
          .as("as the first attempt found")
          .isEqualTo("71");
      assertThat(resumed.versionAfter().version()).isEqualTo("85");
      assertThat(resumed.notes())
          .anyMatch(n -> n.startsWith("CKAN's upgrade pass 1 was not run again"));
      assertThat(resumed.upgrade().passes().get(0).elapsed()).isZero();
      assertThat(resumed.upgrade().passes().get(1).elapsed()).isPositive();
      assertThat(resumed.harvest().activeHarvestPackages())
          .isEqualTo(resumed.harvest().activeSources())
          .isEqualTo(2);
      assertThat(resumed.steps()).allMatch(st -> st.status() == StepResult.Status.ALREADY_APPLIED);
      try (var files = Files.list(ckanDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckan.ini");
      }
    }
  }

  @Test
  void harvestPluginsLoadedOnTheOldSchemaFailPassOneWithCkansOutput() throws Exception {
    try (TestDatabase db = seeded("upgrade_harvest_loaded")) {
      Path ini = writeIni(db);
      SchemaSpec spec =
          spec(ini, fakeCkan("85"), Map.of(), List.of("no_such_plugin"), "2.7.4", null, null);

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-h", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.details()).containsEntry("pass", "1");
                assertThat(e.details().get("outputExcerpt"))
                    .contains("column package.metadata_created does not exist");
                assertThat(e.getMessage()).contains("exited with status 1");
              });
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT version FROM migrate_version")).isEqualTo("71");
      }
      try (var files = Files.list(ckanDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckan.ini");
      }
    }
  }

  @Test
  void aDatabaseNewerThanTheTargetReleaseIsRefusedBeforeAnythingRuns() throws Exception {
    try (TestDatabase db = seeded("upgrade_newer")) {
      try (Connection c = db.connect();
          var st = c.createStatement()) {
        st.execute("UPDATE migrate_version SET version = 86"); // a CKAN 2.8 database
      }
      Path ini = writeIni(db);
      SchemaSpec spec = spec(ini, fakeCkan("85"), Map.of(), null, "2.7.4", null, null);

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-n", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_VERSION_UNEXPECTED);
                assertThat(e.getMessage()).contains("newer than CKAN 2.7.4", "Nothing ran");
              });
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT version FROM migrate_version")).isEqualTo("86");
        assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'harvest'")).isZero();
      }
      try (var files = Files.list(ckanDir)) { // CKAN's upgrade never started (no pass-1 ini)
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckan.ini");
      }
    }
  }

  @Test
  void wrongHeadStopsBeforeThePassThatLoadsHarvest() throws Exception {
    try (TestDatabase db = seeded("upgrade_head")) {
      Path ini = writeIni(db);
      SchemaSpec spec = spec(ini, fakeCkan("85"), Map.of(), null, "2.8.5", null, null);

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-v", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_VERSION_UNEXPECTED);
                assertThat(e.details())
                    .containsEntry("after", "migrate_version 85")
                    .containsEntry("expected", "86");
              });
      try (Connection c = db.connect()) {
        assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'harvest'")).isZero();
      }
    }
  }

  @Test
  void sourceFailingHarvestValidationLeavesTheMigrationIncomplete() throws Exception {
    try (TestDatabase db = seeded("upgrade_dup")) {
      Path ini = writeIni(db);
      // A site whose duplicate source has another id: data.gov.uk's id removes nothing here.
      SchemaSpec spec =
          spec(
              ini,
              fakeCkan("85"),
              Map.of("duplicate_harvest_source_id", "not-this-site"),
              null,
              "2.7.4",
              null,
              null);

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-d", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.HARVEST_MIGRATION_INCOMPLETE);
                assertThat(e.details())
                    .containsEntry("missingSources", CkanFixtures.DUPLICATE_SOURCE)
                    .containsEntry("activeSources", "3")
                    .containsEntry("activeHarvestPackages", "2");
              });
    }
  }

  @Test
  void hungUpgradeIsKilledAtTheTimeout() throws Exception {
    try (TestDatabase db = CkanFixtures.ckan22Database("upgrade_timeout")) {
      Path ini = writeIni(db);
      SchemaSpec spec =
          SchemaSpec.builder()
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .upgradeCommand(
                  TestUpgradeCommands.named("bash -c \"echo starting; sleep 60\" {ini}"))
              .iniPath(ini.toString())
              .ckanVersion("2.7.4")
              .upgradeTimeout(Duration.ofSeconds(2))
              .build();
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  TestUpgradeCommands.migrator()
                      .migrate(new SchemaRequest("run-t", CkanFixtures.dataSource(db), spec)))
          .isInstanceOfSatisfying(
              SchemaMigrationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CKAN_UPGRADE_FAILED);
                assertThat(e.getMessage()).contains("timed out after PT2S");
                assertThat(e.details().get("outputExcerpt")).isEqualTo("starting");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void ckan29PlusMovesTheDatabaseToAlembic() throws Exception {
    try (TestDatabase db = seeded("upgrade_alembic")) {
      Path ini = writeIni(db);
      SchemaSpec spec = spec(ini, fakeCkan("9f33a0280c51"), Map.of(), null, "2.10.4", null, null);

      SchemaResult result =
          TestUpgradeCommands.migrator()
              .migrate(new SchemaRequest("run-a", CkanFixtures.dataSource(db), spec));

      assertThat(result.versionBefore().era()).isEqualTo(SchemaEra.SQLALCHEMY_MIGRATE);
      assertThat(result.versionAfter().era()).isEqualTo(SchemaEra.ALEMBIC);
      assertThat(result.versionAfter().version()).isEqualTo("9f33a0280c51");
      assertThat(result.harvest().complete()).isTrue();
      try (Connection c = db.connect()) {
        assertThat(one(c, "SELECT to_regclass('migrate_version')::text")).isNull();
      }
    }
  }

  @Test
  void dryRunPlansBothPassesWithoutRunningOrWritingAnything() throws Exception {
    try (TestDatabase db = seeded("upgrade_dry")) {
      Path ini = writeIni(db);
      SchemaSpec real = spec(ini, null, Map.of(), null, "2.7.4", null, null);
      SchemaSpec dry =
          SchemaSpec.builder()
              .migrationSet(real.migrationSet())
              .parameters(Map.of())
              .keepSysadmins(List.of())
              .iniPath(real.iniPath())
              .dryRun(true)
              .ckanVersion("2.7.4")
              .build();

      SchemaResult result =
          TestUpgradeCommands.migrator()
              .migrate(new SchemaRequest("run-p", CkanFixtures.dataSource(db), dry));

      assertThat(result.upgrade().ran()).isFalse();
      assertThat(result.upgrade().passes().get(0).argv())
          .containsExactly(
              "paster",
              "--plugin=ckan",
              "db",
              "upgrade",
              "-c",
              ckanDir.resolve(".ckan.ckan-migrate-pass1.ini").toString());
      assertThat(result.upgrade().passes().get(0).plugins())
          .containsExactly("datagovuk", "stats", "dcat", "text_view");
      assertThat(result.upgrade().passes().get(1).argv()).contains(ini.toString());
      try (var files = Files.list(ckanDir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ckan.ini");
      }
    }
  }
}
