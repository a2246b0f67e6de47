package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckanmigrate.demo.EndToEnd.single;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.stack.catalogue.SpatialExtension;
import org.ckanmigrate.stack.net.FreePorts;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A ckanext-spatial portal (PostGIS with topology and the tiger geocoder, {@code package_extent},
 * spatial extras, user-added SRIDs) through dump, load, schema and index, as {@code ./ckan-migrate
 * demo --spatial} runs it, with every verification passing. Skipped, saying why, where PostGIS is
 * not installed.
 */
class SpatialMigrationEndToEndIT {

  private static DemoStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    try (Connection c = PostgresServer.shared().connect("postgres")) {
      String unavailable = SpatialExtension.unavailableReason(c);
      if (unavailable != null) {
        System.out.println("SpatialMigrationEndToEndIT skipped: " + unavailable);
        Assumptions.abort("PostGIS is not installed on the test server");
      }
    }
    Path work = Files.createTempDirectory("ckan-migrate-e2e-spatial");
    stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .datasets(200)
            .seed(5)
            .spatial(true)
            .kafkaPort(FreePorts.consecutive(2))
            .firstServicePort(FreePorts.consecutive(4))
            .start(new PrintWriter(System.out, true));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void spatialPortalMigratesWithEveryOutcomeVerified() throws Exception {
    Path spec = DemoSpec.write(stack, stack.workDir, "ckan_spatial");
    StringWriter out = new StringWriter();
    int code =
        EndToEnd.cli(
            out,
            "run",
            spec.toString(),
            "--run-id",
            "spatial-run",
            "--kafka",
            stack.bootstrapServers());
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("Run spatial-run SUCCEEDED");

    List<EventEnvelope> events = EndToEnd.events(stack, "spatial-run");
    for (EventType type :
        List.of(
            EventType.DUMP_COMPLETED,
            EventType.LOAD_COMPLETED,
            EventType.SCHEMA_MIGRATED,
            EventType.INDEX_COMPLETED,
            EventType.RUN_COMPLETED)) {
      assertThat(EndToEnd.ids(events, type)).as(type.name()).hasSize(1);
    }
    assertThat(EndToEnd.ids(events, EventType.PHASE_FAILED)).isEmpty();
    LoadCompleted load = EndToEnd.payload(events, EventType.LOAD_COMPLETED, LoadCompleted.class);
    IndexCompleted index =
        EndToEnd.payload(events, EventType.INDEX_COMPLETED, IndexCompleted.class);

    // The extensions' own rows were told apart from the dump's, and said so.
    assertThat(load.notes()).anyMatch(n -> n.contains("public.spatial_ref_sys"));
    assertThat(out.toString()).contains("Notes:", "tables of extensions");

    String source = stack.sourceDb.name();
    for (String sql :
        List.of(
            "SELECT count(*) FROM package_extent",
            "SELECT count(*) FROM package_extent WHERE ST_IsValid(the_geom)"
                + " AND ST_SRID(the_geom) = 4326",
            "SELECT count(*) FROM spatial_ref_sys WHERE srid IN ("
                + SpatialExtension.USER_SRIDS.stream()
                    .map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b)
                    .orElseThrow()
                + ")",
            "SELECT count(*) FROM package_extra WHERE key = 'spatial' AND state = 'active'",
            "SELECT count(*) FROM pg_extension WHERE extname IN ('postgis', 'postgis_topology',"
                + " 'fuzzystrmatch', 'postgis_tiger_geocoder')")) {
      assertThat(single(stack, "ckan_spatial", sql))
          .as(sql)
          .isPositive()
          .isEqualTo(single(stack, source, sql));
    }

    // Solr holds exactly the target's non-deleted datasets, the spatial extra among their fields.
    long expected =
        single(stack, "ckan_spatial", "SELECT count(*) FROM package WHERE state <> 'deleted'");
    assertThat(index.verified()).isTrue();
    assertThat(index.indexed()).isEqualTo(expected);
    assertThat(EndToEnd.solrCount(stack, "default", "*:*")).isEqualTo(expected);
    long withSpatial =
        single(
            stack,
            "ckan_spatial",
            "SELECT count(DISTINCT p.id) FROM package p JOIN package_extra e ON e.package_id = p.id"
                + " WHERE e.key = 'spatial' AND e.state = 'active' AND p.state <> 'deleted'");
    assertThat(EndToEnd.solrCount(stack, "default", "extras_spatial:*"))
        .isPositive()
        .isEqualTo(withSpatial);
  }
}
