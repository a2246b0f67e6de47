package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckanmigrate.schema.CkanFixtures.count;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.migration.StepResult;
import org.ckanmigrate.schema.sysadmin.Sysadmin;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CatalogueStats;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole phase on a generated 2.2-era catalogue: the data.gov.uk set step by step (each step's
 * count checked against what the catalogue holds), sysadmins recorded and re-promoted, then CKAN's
 * upgrade twice through the CKAN test double and the harvest check.
 */
class GeneratedCatalogueIT {

  private static final String ORGANOGRAM_CSVS =
      "SELECT count(*) FROM resource r JOIN resource_group rg ON rg.id = r.resource_group_id"
          + " JOIN package_extra pe ON pe.package_id = rg.package_id AND pe.key = 'schema'"
          + " AND pe.value IN ('[\"538b857a-64ba-490e-8440-0e32094a28a7\"]',"
          + " '[\"d3c0b23f-6979-45e4-88ed-d2ab59b005d0\"]')"
          + " WHERE r.state = 'active' AND r.format = 'CSV'"
          + " AND r.url LIKE 'https://data.gov.uk/sites/default/files/organogram/%'";

  @TempDir Path ckanDir;

  @Test
  void generatedCatalogueMigratesStepByStepAndUpgrades() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("generated")) {
      CatalogueStats stats;
      long organogramCsvs;
      long themeDisplayValues;
      long renamedHarvestTypes;
      long activeSourcesAfterDuplicate;
      long schemaExtras;
      try (Connection c = db.connect()) {
        stats =
            CatalogueGenerator.builder()
                .era(CkanEra.V2_2)
                .datasets(400)
                .seed(20261126L)
                .build()
                .generate(c);
        organogramCsvs = count(c, ORGANOGRAM_CSVS);
        schemaExtras = count(c, "SELECT count(*) FROM package_extra WHERE key = 'schema'");
        themeDisplayValues =
            count(
                c,
                "SELECT count(*) FROM package_extra WHERE key = 'theme-primary' AND value IN"
                    + " ('Business & Economy', 'Environment', 'Mapping', 'Crime & Justice',"
                    + " 'Government', 'Society', 'Defence', 'Government Spending',"
                    + " 'Towns & Cities', 'Education', 'Health', 'Transport')");
        renamedHarvestTypes =
            count(
                c,
                "SELECT count(*) FROM harvest_source WHERE type IN"
                    + " ('gemini-single', 'gemini-csw', 'gemini-waf', 'data_json', 'dkan')");
        activeSourcesAfterDuplicate =
            count(
                c,
                "SELECT count(*) FROM harvest_source WHERE active AND id <> '"
                    + CkanFixtures.DUPLICATE_SOURCE
                    + "'");
      }
      assertThat(organogramCsvs).isPositive();
      assertThat(themeDisplayValues).isPositive();
      Path ini =
          Files.writeString(
              ckanDir.resolve("ckan.ini"),
              "[app:main]\nsqlalchemy.url = postgresql://"
                  + db.server().superuser()
                  + "@"
                  + db.server().host()
                  + ":"
                  + db.server().port()
                  + "/"
                  + db.name()
                  + "\nckan.plugins = dgu_theme harvest ckan_harvester dcat\n");
      SchemaSpec spec = CkanFixtures.dataGovUkUpgrade(CkanUpgradeIT.fakeCkan("85"), ini).build();

      // Re-promote every sysadmin the ledger will hold: the allow-list names them as found.
      List<String> everyone;
      try (Connection c = db.connect()) {
        everyone = CkanFixtures.column(c, "SELECT name FROM \"user\" WHERE sysadmin");
      }
      SchemaSpec keepAll =
          SchemaSpec.builder()
              .migrationSet(spec.migrationSet())
              .parameters(Map.of())
              .keepSysadmins(everyone)
              .upgradeCommand(spec.upgradeCommand())
              .iniPath(spec.iniPath())
              .tags(SchemaSpec.Tags.KEEP)
              .ckanVersion("2.7.4")
              .build();

      java.util.List<String> progress = new java.util.ArrayList<>();
      SchemaResult result =
          TestUpgradeCommands.migrator()
              .migrate(
                  new SchemaRequest("run-gen", CkanFixtures.dataSource(db), keepAll),
                  (done, total) -> progress.add(done + "/" + total));
      // Progress after each script: 0/14, 1/14 ... 14/14.
      assertThat(progress).first().isEqualTo("0/14");
      assertThat(progress).last().isEqualTo("14/14");
      assertThat(progress).hasSize(15);

      Map<String, StepResult> steps =
          result.steps().stream()
              .collect(Collectors.toMap(StepResult::version, Function.identity()));
      assertThat(steps.get("2").rowsByTable().get("package_extra")).isPositive();
      assertThat(steps.get("3").rowsByTable())
          .isEqualTo(Map.of("package_extra", themeDisplayValues));
      assertThat(schemaExtras).isGreaterThanOrEqualTo(stats.organogramDatasets()).isPositive();
      assertThat(steps.get("4").rowsByTable()).isEqualTo(Map.of("package_extra", schemaExtras));
      assertThat(steps.get("5").rowsByTable())
          .isEqualTo(Map.of("resource", (long) stats.organogramViewerResources()));
      assertThat(steps.get("7").rowsByTable().get("user"))
          .isEqualTo((long) stats.nonPublishingUsers());
      // All sysadmins but 2ndline demoted (including the one with no full name).
      assertThat(steps.get("8").rowsByTable()).isEqualTo(Map.of("user", stats.sysadmins() - 1L));
      assertThat(steps.get("10").rowsByTable()).isEqualTo(Map.of("resource", organogramCsvs));
      assertThat(steps.get("11").rowsByTable())
          .isEqualTo(Map.of("harvest_source", renamedHarvestTypes));
      assertThat(steps.get("12").rowsByTable()).containsEntry("harvest_source", 1L);

      assertThat(result.sysadmins()).hasSize(stats.sysadmins());
      assertThat(result.repromotion().promoted()).hasSize(stats.sysadmins() - 1);
      assertThat(result.repromotion().alreadySysadmin()).hasSize(1);
      assertThat(result.versionAfter().version()).isEqualTo("85");
      assertThat(result.harvest().activeSources()).isEqualTo(activeSourcesAfterDuplicate);
      assertThat(result.harvest().complete()).isTrue();
      assertThat(result.harvest().withoutSourceType()).isEmpty();
      try (Connection c = db.connect()) {
        assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE sysadmin"))
            .isEqualTo(stats.sysadmins());
        assertThat(
                count(
                    c,
                    "SELECT count(*) FROM \"user\" u JOIN ckan_migrate.sysadmin_ledger l"
                        + " ON l.user_id = u.id WHERE NOT u.sysadmin"))
            .isZero();
        assertThat(result.sysadmins()).extracting(Sysadmin::id).doesNotHaveDuplicates();
      }
    }
  }
}
