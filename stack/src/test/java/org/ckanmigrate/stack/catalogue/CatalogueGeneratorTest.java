package org.ckanmigrate.stack.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CatalogueGeneratorTest {

  private static Plan plan(CkanEra era, int datasets, long seed) {
    return new Plan(
        CatalogueGenerator.builder().era(era).datasets(datasets).seed(seed).build().settings());
  }

  @Test
  void sameSeedPlansIdenticalDatasetsAndSharedObjects() {
    Plan a = plan(CkanEra.V2_2, 2_000, 7);
    Plan b = plan(CkanEra.V2_2, 2_000, 7);
    assertThat(b.users).isEqualTo(a.users);
    assertThat(b.groups).isEqualTo(a.groups);
    assertThat(b.harvestSources).isEqualTo(a.harvestSources);
    for (int i = 0; i < 2_000; i += 37) {
      assertThat(b.dataset(i)).isEqualTo(a.dataset(i));
    }
  }

  @Test
  void datasetDoesNotDependOnGenerationOrder() {
    Plan plan = plan(CkanEra.V2_9, 500, 3);
    Plan.Dataset later = plan.dataset(400);
    plan.dataset(1);
    plan.dataset(399);
    assertThat(plan.dataset(400)).isEqualTo(later);
  }

  @Test
  void differentSeedsGiveDifferentIds() {
    assertThat(plan(CkanEra.V2_2, 10, 1).dataset(0).id())
        .isNotEqualTo(plan(CkanEra.V2_2, 10, 2).dataset(0).id());
  }

  @Test
  void idsAndNamesAreUniqueAcrossDatasets() {
    Plan plan = plan(CkanEra.V2_2, 3_000, 11);
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    Set<String> resourceIds = new HashSet<>();
    int resources = 0;
    for (int i = 0; i < 3_000; i++) {
      Plan.Dataset d = plan.dataset(i);
      ids.add(d.id());
      names.add(d.name());
      assertThat(d.name()).hasSizeLessThanOrEqualTo(100).matches("[a-z0-9-]+");
      for (Plan.Resource r : d.resources()) {
        resourceIds.add(r.id());
        resources++;
      }
    }
    assertThat(ids).hasSize(3_000);
    assertThat(names).hasSize(3_000);
    assertThat(resourceIds).hasSize(resources);
  }

  @Test
  void stateAndVisibilityFractionsFollowTheSettings() {
    int n = 12_000;
    Plan plan = plan(CkanEra.V2_9, n, 5);
    List<Plan.Dataset> all = IntStream.range(0, n).mapToObj(plan::dataset).toList();
    assertThat(fraction(all, d -> "deleted".equals(d.state()))).isCloseTo(0.05, within(0.006));
    assertThat(fraction(all, d -> "draft".equals(d.state()))).isCloseTo(0.03, within(0.005));
    assertThat(fraction(all, Plan.Dataset::isPrivate)).isCloseTo(0.10, within(0.008));
    assertThat(fraction(all, d -> d.organization() == null)).isCloseTo(0.05, within(0.006));
    assertThat(fraction(all, d -> d.harvestSource() != null)).isCloseTo(0.15, within(0.01));
    assertThat(all).noneMatch(d -> d.isPrivate() && d.organization() == null);
    assertThat(all).allMatch(d -> d.resources().size() <= 20);
    assertThat(all).anyMatch(d -> d.resources().isEmpty());
    assertThat(all).anyMatch(d -> d.resources().size() == 20);
  }

  private static double fraction(
      List<Plan.Dataset> all, java.util.function.Predicate<Plan.Dataset> p) {
    return all.stream().filter(p).count() / (double) all.size();
  }

  @Test
  void twoTwoEraPlanCarriesDataGovUkShapes() {
    Plan plan = plan(CkanEra.V2_2, 2_000, 1);
    assertThat(plan.harvestSources)
        .extracting(Plan.HarvestSource::type)
        .contains(Plan.HARVEST_TYPES_2_2);
    assertThat(plan.harvestSources)
        .extracting(Plan.HarvestSource::id)
        .contains(Plan.DUPLICATE_HARVEST_SOURCE_ID);
    assertThat(plan.users).anyMatch(u -> u.sysadmin() && "2ndline".equals(u.fullname()));
    assertThat(plan.users).anyMatch(u -> u.sysadmin() && u.fullname() == null);
    List<Plan.Dataset> all = IntStream.range(0, 2_000).mapToObj(plan::dataset).toList();
    assertThat(all).anyMatch(Plan.Dataset::organogram);
    assertThat(all.stream().flatMap(d -> d.extras().stream()).map(Plan.Extra::key))
        .contains("theme-primary", "schema", "individual_resources", "keywords");
  }

  @Test
  void activeUsersHaveUniqueFullNamesSoRenamingByFullNameCannotCollide() {
    Plan plan =
        new Plan(
            CatalogueGenerator.builder()
                .era(CkanEra.V2_2)
                .datasets(100)
                .users(5_000)
                .seed(9)
                .build()
                .settings());
    Set<String> seen = new HashSet<>();
    plan.users.stream()
        .filter(u -> "active".equals(u.state()) && u.fullname() != null)
        .forEach(u -> assertThat(seen.add(u.fullname())).as(u.fullname()).isTrue());
  }

  @Test
  void copyTextFormatEscapesBackslashTabAndLineBreaks() {
    StringBuilder out = new StringBuilder();
    CopyWriter.escape("a\\b\tc\nd\re\u0007f", out);
    assertThat(out.toString()).isEqualTo("a\\\\b\\tc\\nd\\re\u0007f");
  }

  @Test
  void timestampsRenderAsPostgresTextWithMicroseconds() {
    assertThat(Texts.timestamp(Texts.EPOCH_MICROS + 1)).isEqualTo("2010-01-01 00:00:00.000001");
    assertThat(Texts.timestamp(Texts.EPOCH_MICROS + 400L * 86_400_000_000L + 3_723_000_500L))
        .isEqualTo("2011-02-05 01:02:03.000500");
  }

  @Test
  void jsonStringsEscapeControlCharacters() {
    assertThat(Texts.json("a\"b\u0001\u007f\u001b\n"))
        .isEqualTo("\"a\\\"b\\u0001\\u007f\\u001b\\n\"");
    assertThat(Texts.json(null)).isEqualTo("null");
  }

  @Test
  void builderRejectsImpossibleSettingsNamingTheSetting() {
    assertThatThrownBy(() -> CatalogueGenerator.builder().datasets(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("era");
    assertThatThrownBy(
            () -> CatalogueGenerator.builder().era(CkanEra.V2_2).privateFraction(1.5).build())
        .hasMessageContaining("privateFraction");
    assertThatThrownBy(
            () -> CatalogueGenerator.builder().era(CkanEra.V2_9).alembicVersion("head").build())
        .hasMessageContaining("alembicVersion");
  }

  @Test
  void eraParsesLabelsAndNamesTheChoicesOnError() {
    assertThat(CkanEra.parse("2.2")).isEqualTo(CkanEra.V2_2);
    assertThat(CkanEra.parse("V2_9")).isEqualTo(CkanEra.V2_9);
    assertThat(CkanEra.parse("v2.10")).isEqualTo(CkanEra.V2_10);
    assertThatThrownBy(() -> CkanEra.parse("2.11")).hasMessageContaining("2.2, 2.9, 2.10");
  }

  @Test
  void ddlResourcesSplitIntoCompleteStatements() {
    for (CkanEra era : CkanEra.values()) {
      List<String> tables =
          era.scripts("tables.sql").stream()
              .flatMap(r -> SqlScript.statements(r).stream())
              .toList();
      List<String> constraints =
          era.scripts("constraints.sql").stream()
              .flatMap(r -> SqlScript.statements(r).stream())
              .toList();
      assertThat(tables).allMatch(s -> s.endsWith(";")).anyMatch(s -> s.contains("harvest_object"));
      assertThat(constraints).allMatch(s -> s.endsWith(";"));
    }
    assertThat(SqlScript.statements("catalogue/ckan-2.2/constraints.sql"))
        .anyMatch(s -> s.contains("idx_resource_continuity_id"));
    assertThat(SqlScript.statements(CkanEra.V2_10.scripts("tables.sql").get(1)))
        .anyMatch(s -> s.contains("plugin_data"));
  }

  @Test
  void commandLineSpatialIsASwitchWithoutAValue() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        GenerateCatalogue.run(
            new String[] {"--era", "2.9", "--spatial"},
            null,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    // Parsing got past --spatial (no "Missing value after --spatial") to the missing --jdbc-url.
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--jdbc-url is required")
        .contains("[--spatial]")
        .doesNotContain("Missing value");
  }

  @Test
  void commandLineRejectsPasswordsInTheUrlWithoutEchoingThem() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        GenerateCatalogue.run(
            new String[] {"--era", "2.2", "--jdbc-url", "jdbc:postgresql://h/db?password=s3cret"},
            null,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(GenerateCatalogue.PASSWORD_ENV)
        .doesNotContain("s3cret");
  }
}
