package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ckanmigrate.schema.CkanFixtures.count;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.SchemaMigrated;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.contract.spec.SchemaSpec.HarvestSources;
import org.ckanmigrate.schema.harvest.HarvestLedger;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schema.harvest-sources} on a generated 2.2-era catalogue whose target CKAN has no
 * ckanext-harvest (the ini loads no harvest plugin, so CKAN's upgrade makes no harvest datasets).
 */
class HarvestChoiceIT {

  private static final List<String> TABLES =
      List.of(
          "harvest_source",
          "harvest_job",
          "harvest_object",
          "harvest_object_extra",
          "harvest_object_error",
          "harvest_gather_error");

  /** Every harvest row as JSON, in a stable order. */
  private static final String HARVEST_DIGEST =
      "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM ("
          + " SELECT to_jsonb(hs)::text AS t FROM harvest_source hs"
          + " UNION ALL SELECT to_jsonb(hj)::text FROM harvest_job hj"
          + " UNION ALL SELECT to_jsonb(ho)::text FROM harvest_object ho"
          + " UNION ALL SELECT to_jsonb(hx)::text FROM harvest_object_extra hx"
          + " UNION ALL SELECT to_jsonb(he)::text FROM harvest_object_error he"
          + " UNION ALL SELECT to_jsonb(hg)::text FROM harvest_gather_error hg) rows";

  /** The same digest over the rows a run's ledger holds. */
  private static final String LEDGER_DIGEST =
      "SELECT md5(string_agg(row_data::text, '|' ORDER BY row_data::text))"
          + " FROM ckan_migrate.harvest_ledger WHERE run_id = 'run-d'";

  /** Sources but data.gov.uk's duplicated one, which the set's script 12 removes first. */
  private static final String SOURCES_AFTER_SET =
      "SELECT count(*) FROM harvest_source WHERE id <> '" + CkanFixtures.DUPLICATE_SOURCE + "'";

  @TempDir Path ckanDir;

  @Test
  void migrateFailsWhenTheTargetDoesNotHarvest() throws Exception {
    try (TestDatabase db = catalogue("hmigrate")) {
      SchemaSpec spec = spec(db, null);
      assertThatThrownBy(() -> migrator().migrate(new SchemaRequest("run-m", source(db), spec)))
          .isInstanceOf(SchemaMigrationException.class)
          .satisfies(
              e ->
                  assertThat(((SchemaMigrationException) e).code())
                      .isEqualTo(ErrorCode.HARVEST_MIGRATION_INCOMPLETE));
    }
  }

  @Test
  void dropRemovesHarvestRowsIntoTheLedgerAndTheyRestoreExactly() throws Exception {
    try (TestDatabase db = catalogue("hdrop")) {
      Map<String, Long> before;
      long sourcesAfterSet;
      long harvestedDatasets;
      try (Connection c = db.connect()) {
        before = counts(c);
        sourcesAfterSet = count(c, SOURCES_AFTER_SET);
        harvestedDatasets =
            count(c, "SELECT count(DISTINCT package_id) FROM harvest_object WHERE current");
      }
      assertThat(before.get("harvest_source")).isPositive();
      assertThat(before.get("harvest_object")).isPositive();

      SchemaResult result =
          migrator().migrate(new SchemaRequest("run-d", source(db), spec(db, HarvestSources.DROP)));

      assertThat(result.harvestChoice()).isEqualTo(HarvestSources.DROP);
      assertThat(result.harvestDropped())
          .containsEntry("harvest_source", sourcesAfterSet)
          .containsKeys("harvest_job", "harvest_object", "harvest_object_extra");
      assertThat(result.harvestDropped().get("harvest_object"))
          .isPositive()
          .isLessThanOrEqualTo(before.get("harvest_object"));
      assertThat(result.harvest().activeSources()).isZero();
      assertThat(result.harvest().complete()).isTrue();
      assertThat(result.notes()).singleElement().asString().contains("harvest_ledger", "run-d");
      SchemaMigrated event = result.toSchemaMigrated();
      assertThat(event.harvestChoice()).isEqualTo("DROP");
      assertThat(event.harvestDropped()).isEqualTo(result.harvestDropped());
      assertThat(event.notes()).isEqualTo(result.notes());
      try (Connection c = db.connect()) {
        for (String table : TABLES) {
          assertThat(count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
        }
        assertThat(count(c, "SELECT count(*) FROM ckan_migrate.harvest_ledger"))
            .isEqualTo(result.harvestDropped().values().stream().mapToLong(Long::longValue).sum());
        // the harvested datasets themselves stay
        assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'dataset'"))
            .isGreaterThanOrEqualTo(harvestedDatasets);
      }

      // A resumed run reports what the first attempt removed.
      SchemaResult again =
          migrator().migrate(new SchemaRequest("run-d", source(db), spec(db, HarvestSources.DROP)));
      assertThat(again.harvestDropped()).isEqualTo(result.harvestDropped());

      try (Connection c = db.connect()) {
        String ledger = one(c, LEDGER_DIGEST);
        Map<String, Long> restored = new HarvestLedger(OwnSchema.NAME).restore(c, "run-d");
        Map<String, Long> nonEmpty = new LinkedHashMap<>(result.harvestDropped());
        nonEmpty.values().removeIf(n -> n == 0);
        assertThat(restored).isEqualTo(nonEmpty);
        assertThat(one(c, HARVEST_DIGEST)).isEqualTo(ledger);
        assertThat(count(c, "SELECT count(*) FROM ckan_migrate.harvest_ledger")).isZero();
      }
    }
  }

  @Test
  void keepLeavesHarvestRowsSkipsTheCheckAndSaysSo() throws Exception {
    try (TestDatabase db = catalogue("hkeep")) {
      long sources;
      long activeSources;
      long objects;
      try (Connection c = db.connect()) {
        sources = count(c, SOURCES_AFTER_SET);
        activeSources = count(c, SOURCES_AFTER_SET + " AND active");
        objects = count(c, "SELECT count(*) FROM harvest_object");
      }
      SchemaResult result =
          migrator().migrate(new SchemaRequest("run-k", source(db), spec(db, HarvestSources.KEEP)));

      assertThat(result.harvest().complete()).isFalse();
      assertThat(result.harvest().activeSources()).isEqualTo(activeSources);
      assertThat(result.harvestDropped()).isEmpty();
      assertThat(result.notes())
          .singleElement()
          .asString()
          .contains("KEEP", "skipped", activeSources + " active harvest sources");
      assertThat(result.toSchemaMigrated().harvestChoice()).isEqualTo("KEEP");
      try (Connection c = db.connect()) {
        assertThat(count(c, SOURCES_AFTER_SET)).isEqualTo(sources);
        assertThat(count(c, "SELECT count(*) FROM harvest_object"))
            .isPositive()
            .isLessThan(objects);
        assertThat(one(c, "SELECT to_regclass('ckan_migrate.harvest_ledger')::text")).isNull();
      }
    }
  }

  @Test
  void dryRunWithDropCountsWhatWouldGoAndRemovesNothing() throws Exception {
    try (TestDatabase db = catalogue("hdry")) {
      Map<String, Long> before;
      try (Connection c = db.connect()) {
        before = counts(c);
      }
      SchemaSpec drop = spec(db, HarvestSources.DROP);
      SchemaSpec dry =
          SchemaSpec.builder()
              .migrationSet(drop.migrationSet())
              .migrationDir(drop.migrationDir())
              .parameters(drop.parameters())
              .keepSysadmins(drop.keepSysadmins())
              .upgradeCommand(drop.upgradeCommand())
              .iniPath(drop.iniPath())
              .harvestPlugins(drop.harvestPlugins())
              .upgradeHost(drop.upgradeHost())
              .dryRun(true)
              .tags(drop.tags())
              .ckanVersion(drop.ckanVersion())
              .expectedVersion(drop.expectedVersion())
              .upgradeTimeout(drop.upgradeTimeout())
              .upgradeJumpHosts(drop.upgradeJumpHosts())
              .harvestSources(drop.harvestSources())
              .build();
      SchemaResult result = migrator().migrate(new SchemaRequest("run-dry", source(db), dry));
      assertThat(result.harvestDropped()).containsAllEntriesOf(before);
      assertThat(result.notes()).singleElement().asString().contains("Dry run", "would remove");
      try (Connection c = db.connect()) {
        assertThat(counts(c)).isEqualTo(before);
      }
    }
  }

  private static SchemaMigrator migrator() {
    // The specs name the stand-in CKAN command; register it before the migrator that must know it.
    CkanUpgradeIT.fakeCkan("85");
    return TestUpgradeCommands.migrator();
  }

  private static org.postgresql.ds.PGSimpleDataSource source(TestDatabase db) {
    return CkanFixtures.dataSource(db);
  }

  private static TestDatabase catalogue(String name) throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase(name);
    try (Connection c = db.connect()) {
      CatalogueGenerator.builder().era(CkanEra.V2_2).datasets(300).seed(19).build().generate(c);
    }
    return db;
  }

  private static Map<String, Long> counts(Connection c) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : TABLES) {
      out.put(table, count(c, "SELECT count(*) FROM " + table));
    }
    return out;
  }

  /**
   * data.gov.uk's set, then CKAN 2.7's upgrade (the test double) with an ini that loads no harvest
   * plugin.
   */
  private SchemaSpec spec(TestDatabase db, HarvestSources choice) throws Exception {
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
                + "\nckan.plugins = dgu_theme dcat\n");
    // data.gov.uk's set first: it drops the 2.2 continuity-id indexes CKAN's upgrade recreates.
    return CkanFixtures.dataGovUkUpgrade(CkanUpgradeIT.fakeCkan("85"), ini)
        .harvestSources(choice)
        .build();
  }
}
