package org.ckanmigrate.stack.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Builds real catalogues in real PostgreSQL databases and checks what the generator promises. */
class CatalogueGeneratorIT {

  private static final int DATASETS = 10_000;

  @Test
  void twoTwoEraCatalogueOfTenThousandDatasetsKeepsItsInvariants() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("catalogue22");
        Connection c = db.connect()) {
      CatalogueStats stats =
          CatalogueGenerator.builder()
              .era(CkanEra.V2_2)
              .datasets(DATASETS)
              .seed(42)
              .build()
              .generate(c);

      assertCommonInvariants(c, stats);

      assertThat(query(c, "SELECT repository_id || ':' || version FROM migrate_version"))
          .containsExactly("Ckan:71");
      assertThat(tableExists(c, "alembic_version")).isFalse();
      for (String table :
          List.of(
              "user_object_role",
              "package_role",
              "group_role",
              "system_role",
              "role_action",
              "authorization_group",
              "authorization_group_user",
              "authorization_group_role",
              "resource_group",
              "related",
              "related_dataset")) {
        assertThat(count(c, "SELECT count(*) FROM " + table)).as(table).isPositive();
      }
      // Revisions in use: every versioned row has its current revision row.
      assertThat(count(c, "SELECT count(*) FROM revision")).isPositive();
      for (String table :
          List.of("package", "package_extra", "resource", "package_tag", "member", "\"group\"")) {
        String revisionTable = table.replace("\"", "") + "_revision";
        assertThat(
                count(
                    c,
                    "SELECT count(*) FROM "
                        + table
                        + " t WHERE NOT EXISTS (SELECT 1 FROM "
                        + revisionTable
                        + " r WHERE r.continuity_id = t.id AND r.revision_id = t.revision_id"
                        + " AND r.current)"))
            .as("rows of %s without a current %s row", table, revisionTable)
            .isZero();
      }
      assertThat(count(c, "SELECT count(*) FROM package_revision WHERE NOT current")).isPositive();
      assertThat(
              query(
                  c,
                  "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%continuity_id'"
                      + " ORDER BY 1"))
          .containsExactly(
              "idx_member_continuity_id",
              "idx_package_continuity_id",
              "idx_package_extra_continuity_id",
              "idx_resource_continuity_id");
      assertThat(count(c, "SELECT count(*) FROM resource r WHERE resource_group_id IS NULL"))
          .isZero();

      // What data.gov.uk's 001 script touches must be there for it to touch.
      assertThat(query(c, "SELECT DISTINCT type FROM harvest_source ORDER BY 1"))
          .contains("data_json", "dkan", "gemini-csw", "gemini-single", "gemini-waf");
      String duplicate = "'" + Plan.DUPLICATE_HARVEST_SOURCE_ID + "'";
      assertThat(count(c, "SELECT count(*) FROM harvest_job WHERE source_id = " + duplicate))
          .isPositive();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM harvest_object_extra e JOIN harvest_object o"
                      + " ON o.id = e.harvest_object_id WHERE o.harvest_source_id = "
                      + duplicate))
          .isPositive();
      // The 001 script deletes the duplicate's extras, objects, jobs and source (not their error
      // rows, so there are none); the deletions go through in that order.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM harvest_object_error e JOIN harvest_object o"
                      + " ON o.id = e.harvest_object_id WHERE o.harvest_source_id = "
                      + duplicate))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM harvest_object_error")).isPositive();
      assertThat(count(c, "SELECT count(*) FROM harvest_gather_error")).isPositive();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        assertThat(
                s.executeUpdate(
                    "DELETE FROM harvest_object_extra WHERE harvest_object_id IN (SELECT id FROM"
                        + " harvest_object WHERE harvest_source_id = "
                        + duplicate
                        + ")"))
            .isPositive();
        assertThat(
                s.executeUpdate(
                    "DELETE FROM harvest_object WHERE harvest_source_id = " + duplicate))
            .isPositive();
        assertThat(s.executeUpdate("DELETE FROM harvest_job WHERE source_id = " + duplicate))
            .isPositive();
        assertThat(s.executeUpdate("DELETE FROM harvest_source WHERE id = " + duplicate))
            .isEqualTo(1);
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
      // CKAN 2.2's vdm keys are real: deleting an extra that has revision rows needs them handled
      // first (the trap a migration of this schema must know about).
      assertThat(
              query(
                  c,
                  "SELECT conname FROM pg_constraint WHERE conname ="
                      + " 'package_extra_revision_continuity_id_fkey'"))
          .hasSize(1);
      for (String key :
          List.of(
              "individual_resources", "additional_resources", "timeseries_resources", "schema")) {
        assertThat(count(c, "SELECT count(*) FROM package_extra WHERE key = '" + key + "'"))
            .as(key)
            .isPositive();
      }
      assertThat(
              count(
                  c,
                  "SELECT count(DISTINCT value) FROM package_extra WHERE key = 'theme-primary'"
                      + " AND value LIKE '% & %'"))
          .isEqualTo(3);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM resource r JOIN resource_group rg"
                      + " ON rg.id = r.resource_group_id JOIN package_extra pe"
                      + " ON pe.package_id = rg.package_id AND pe.key = 'schema'"
                      + " AND pe.value IN ('[\"538b857a-64ba-490e-8440-0e32094a28a7\"]',"
                      + " '[\"d3c0b23f-6979-45e4-88ed-d2ab59b005d0\"]')"
                      + " WHERE r.url LIKE"
                      + " 'https://data.gov.uk/sites/default/files/organogram/%'"
                      + " AND r.format = 'CSV' AND r.state = 'active'"))
          .isPositive();
      assertThat(count(c, "SELECT count(*) FROM resource WHERE description = 'Organogram viewer'"))
          .isEqualTo(stats.organogramViewerResources())
          .isPositive();
      assertThat(query(c, "SELECT name FROM \"user\" WHERE fullname = '2ndline' AND sysadmin"))
          .hasSize(1);
      assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE sysadmin AND fullname IS NULL"))
          .isPositive();
      // The 001 script's definition of a non-publishing user, evaluated on the data.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM \"user\" WHERE sysadmin <> 't' AND id NOT IN"
                      + " (SELECT DISTINCT table_id FROM member WHERE table_name = 'user'"
                      + " AND capacity IN ('admin', 'editor'))"))
          .isEqualTo(stats.nonPublishingUsers())
          .isPositive();
      // Renaming users to their full name: some deleted users share a full name, so they keep
      // their old name; active users' full names are unique, so renaming them cannot collide.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM \"user\" WHERE state = 'deleted' AND fullname IN"
                      + " (SELECT fullname FROM \"user\" GROUP BY fullname HAVING count(*) > 1)"))
          .isPositive();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM (SELECT fullname FROM \"user\" WHERE state = 'active'"
                      + " AND fullname IS NOT NULL GROUP BY fullname HAVING count(*) > 1) x"))
          .isZero();
      // Non-publishing users hold old role rows, so deleting them exercises the cascades.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM package_role pr JOIN user_object_role uor"
                      + " ON uor.id = pr.user_object_role_id WHERE uor.user_id NOT IN"
                      + " (SELECT table_id FROM member WHERE table_name = 'user'"
                      + " AND capacity IN ('admin', 'editor'))"))
          .isPositive();
    }
  }

  @Test
  void twoNineEraCatalogueOfTenThousandDatasetsKeepsItsInvariants() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("catalogue29");
        Connection c = db.connect()) {
      CatalogueStats stats =
          CatalogueGenerator.builder()
              .era(CkanEra.V2_9)
              .datasets(DATASETS)
              .seed(42)
              .build()
              .generate(c);

      assertCommonInvariants(c, stats);

      assertThat(query(c, "SELECT version_num FROM alembic_version"))
          .containsExactly("ccd38ad5fced");
      assertThat(tableExists(c, "migrate_version")).isFalse();
      for (String table :
          List.of("user_object_role", "resource_group", "related", "authorization_group")) {
        assertThat(tableExists(c, table)).as(table).isFalse();
      }
      // The revision tables exist (alembic never drops them) but nothing writes them.
      for (String table :
          query(
              c,
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                  + " AND (table_name = 'revision' OR table_name LIKE '%\\_revision')")) {
        assertThat(count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
      }
      assertThat(columnExists(c, "package", "revision_id")).isFalse();
      assertThat(columnExists(c, "user", "plugin_extras")).isTrue();
      assertThat(columnExists(c, "user", "image_url")).isTrue();
      assertThat(count(c, "SELECT count(*) FROM resource WHERE metadata_modified IS NULL"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM package_member")).isPositive();
      assertThat(count(c, "SELECT count(*) FROM api_token")).isPositive();

      // ckan.md §6.2: each harvest source is a type='harvest' package with the same id.
      assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'harvest'"))
          .isEqualTo(stats.harvestSourcePackages())
          .isEqualTo(stats.harvestSources());
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM harvest_source hs LEFT JOIN package p ON p.id = hs.id"
                      + " AND p.type = 'harvest' WHERE hs.active AND p.id IS NULL"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM harvest_source WHERE active"))
          .isEqualTo(
              count(c, "SELECT count(*) FROM package WHERE type='harvest' AND state='active'"));
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM harvest_source hs JOIN package p ON p.id = hs.id"
                      + " WHERE p.owner_org IS DISTINCT FROM hs.publisher_id"))
          .isZero();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM package p WHERE p.type = 'harvest' AND NOT EXISTS"
                      + " (SELECT 1 FROM package_extra e WHERE e.package_id = p.id"
                      + " AND e.key = 'source_type')"))
          .isZero();
    }
  }

  @Test
  void twoTenEraCatalogueHasTwoTensColumnsAndIndexesAndKeepsItsInvariants() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("catalogue210");
        Connection c = db.connect()) {
      CatalogueStats stats =
          CatalogueGenerator.builder()
              .era(CkanEra.V2_10)
              .datasets(DATASETS)
              .seed(7)
              .build()
              .generate(c);

      assertCommonInvariants(c, stats);
      assertThat(query(c, "SELECT version_num FROM alembic_version"))
          .containsExactly("9f33a0280c51");
      // The columns 2.10 added, last in their tables as in a 2.10 pg_dump.
      assertThat(
              query(
                  c,
                  "SELECT column_name FROM information_schema.columns WHERE table_name ="
                      + " 'user' ORDER BY ordinal_position DESC LIMIT 1"))
          .containsExactly("last_active");
      assertThat(
              query(
                  c,
                  "SELECT column_name FROM information_schema.columns WHERE table_name ="
                      + " 'package' ORDER BY ordinal_position DESC LIMIT 1"))
          .containsExactly("plugin_data");
      assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE last_active IS NOT NULL"))
          .isGreaterThan(stats.rowsPerTable().get("user") / 2);
      assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE last_active < created")).isZero();
      assertThat(count(c, "SELECT count(*) FROM package WHERE plugin_data IS NOT NULL"))
          .isPositive();
      assertThat(
              query(
                  c,
                  "SELECT indexname FROM pg_indexes WHERE indexname IN ('idx_view_resource_id',"
                      + " 'idx_only_one_active_email') ORDER BY 1"))
          .containsExactly("idx_only_one_active_email", "idx_view_resource_id");
      assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'harvest'"))
          .isEqualTo(stats.harvestSourcePackages())
          .isEqualTo(stats.harvestSources());
    }
  }

  @ParameterizedTest
  @EnumSource(CkanEra.class)
  void sameSeedGivesTheSameCatalogueAndAnotherSeedDoesNot(CkanEra era) throws Exception {
    PostgresServer server = PostgresServer.shared();
    try (TestDatabase first = server.createDatabase("same1");
        TestDatabase second = server.createDatabase("same2");
        TestDatabase other = server.createDatabase("other");
        Connection c1 = first.connect();
        Connection c2 = second.connect();
        Connection c3 = other.connect()) {
      CatalogueStats s1 = small(era, 5).generate(c1);
      CatalogueStats s2 = small(era, 5).generate(c2);
      CatalogueStats s3 = small(era, 6).generate(c3);

      assertThat(s2.contentSha256()).isEqualTo(s1.contentSha256());
      assertThat(s3.contentSha256()).isNotEqualTo(s1.contentSha256());
      Map<String, String> checksum1 = contentChecksums(c1);
      assertThat(contentChecksums(c2)).isEqualTo(checksum1);
      assertThat(contentChecksums(c3).get("package")).isNotEqualTo(checksum1.get("package"));
    }
  }

  @Test
  void spatialCatalogueIsACkanextSpatialPortalWithItsExtentsAndRevisions() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("catalogue_spatial");
        Connection c = db.connect()) {
      String unavailable = SpatialExtension.unavailableReason(c);
      if (unavailable != null) {
        System.out.println("CatalogueGeneratorIT: spatial catalogue skipped, " + unavailable);
        Assumptions.abort("PostGIS is not installed on the test server");
      }
      CatalogueStats stats =
          CatalogueGenerator.builder()
              .era(CkanEra.V2_2)
              .datasets(400)
              .seed(7)
              .spatial(true)
              .build()
              .generate(c);

      assertThat(query(c, "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"))
          .containsExactly(
              "fuzzystrmatch", "postgis", "postgis_tiger_geocoder", "postgis_topology");
      long extents = count(c, "SELECT count(*) FROM package_extent");
      assertThat(extents)
          .isEqualTo(stats.rows("package_extent"))
          .isEqualTo(count(c, "SELECT count(*) FROM package_extra WHERE key = 'spatial'"))
          .isBetween(40L, 150L);
      // Every extent is valid, in SRID 4326, over Great Britain, and is its extra's GeoJSON.
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM package_extent x JOIN package_extra e ON e.package_id ="
                      + " x.package_id AND e.key = 'spatial' WHERE ST_IsValid(x.the_geom) AND"
                      + " ST_SRID(x.the_geom) = 4326 AND ST_Within(x.the_geom,"
                      + " ST_MakeEnvelope(-8, 49, 2, 61, 4326)) AND ST_Equals(x.the_geom,"
                      + " ST_SetSRID(ST_GeomFromGeoJSON(e.value), 4326))"))
          .isEqualTo(extents);
      assertThat(
              count(
                  c, "SELECT count(*) FROM package_extent WHERE GeometryType(the_geom) = 'POINT'"))
          .isPositive()
          .isLessThan(extents);
      assertThat(query(c, "SELECT indexdef FROM pg_indexes WHERE tablename = 'package_extent'"))
          .anyMatch(d -> d.contains("idx_package_extent_the_geom") && d.contains("USING gist"));
      assertThat(count(c, "SELECT count(*) FROM spatial_ref_sys WHERE srid >= 910000"))
          .isEqualTo(stats.rows("spatial_ref_sys"))
          .isEqualTo(3);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM package_extra e WHERE key = 'spatial' AND NOT EXISTS"
                      + " (SELECT 1 FROM package_extra_revision r WHERE r.continuity_id = e.id"
                      + " AND r.revision_id = e.revision_id AND r.current)"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM harvest_object")).isPositive();
      assertThat(count(c, "SELECT count(*) FROM package_extra"))
          .isEqualTo(stats.rows("package_extra"));
    }
  }

  @Test
  void commandLineGeneratesACatalogueIntoTheNamedDatabase() throws Exception {
    PostgresServer server = PostgresServer.shared();
    try (TestDatabase db = server.createDatabase("cli")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          GenerateCatalogue.run(
              new String[] {
                "--era",
                "2.9",
                "--datasets",
                "300",
                "--seed",
                "3",
                "--jdbc-url",
                db.jdbcUrl(),
                "--user",
                server.superuser(),
                "--alembic-version",
                "3ae4b17ed66d"
              },
              server.password(),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              System.err);
      assertThat(code).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("datasets=300", "content sha256: ");
      try (Connection c = db.connect()) {
        assertThat(query(c, "SELECT version_num FROM alembic_version"))
            .containsExactly("3ae4b17ed66d");
        assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'dataset'")).isEqualTo(300);
      }
    }
  }

  @Test
  void refusesADatabaseThatAlreadyHoldsACatalogue() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("twice");
        Connection c = db.connect()) {
      CatalogueGenerator generator =
          CatalogueGenerator.builder().era(CkanEra.V2_2).datasets(50).build();
      generator.generate(c);
      assertThatThrownBy(() -> generator.generate(c))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("empty database");
      assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'dataset'")).isEqualTo(50);
    }
  }

  private static CatalogueGenerator small(CkanEra era, long seed) {
    return CatalogueGenerator.builder().era(era).datasets(1_500).seed(seed).blockSize(400).build();
  }

  /** Order-independent checksum of every table's rows, as PostgreSQL renders them. */
  private static Map<String, String> contentChecksums(Connection c) throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    for (String table : tables(c)) {
      sums.put(
          table,
          query(
                  c,
                  "SELECT coalesce(md5(string_agg(h, '' ORDER BY h)), 'empty') FROM"
                      + " (SELECT md5(t::text) AS h FROM \""
                      + table
                      + "\" t) x")
              .get(0));
    }
    return sums;
  }

  // ------------------------------------------------------------------ shared invariants

  private static void assertCommonInvariants(Connection c, CatalogueStats stats)
      throws SQLException {
    // Every row the generator counted arrived, in every table of the schema.
    for (String table : tables(c)) {
      assertThat(count(c, "SELECT count(*) FROM \"" + table + "\""))
          .as("rows in %s", table)
          .isEqualTo(stats.rows(table));
    }
    assertThat(stats.rowsPerTable().keySet()).containsExactlyInAnyOrderElementsOf(tables(c));

    // Counts and fractions.
    assertThat(stats.datasets()).isEqualTo(DATASETS);
    assertThat(count(c, "SELECT count(*) FROM package WHERE type = 'dataset'")).isEqualTo(DATASETS);
    assertThat(datasetCount(c, "state = 'active'")).isEqualTo(stats.activeDatasets());
    assertThat(datasetCount(c, "state = 'draft'")).isEqualTo(stats.draftDatasets());
    assertThat(datasetCount(c, "state = 'deleted'")).isEqualTo(stats.deletedDatasets());
    assertThat(datasetCount(c, "private")).isEqualTo(stats.privateDatasets());
    assertThat(datasetCount(c, "state = 'active' AND NOT private"))
        .isEqualTo(stats.publicActiveDatasets());
    assertThat(datasetCount(c, "owner_org IS NULL")).isEqualTo(stats.datasetsWithoutOrganization());
    assertThat(stats.deletedDatasets() / (double) DATASETS).isCloseTo(0.05, within(0.01));
    assertThat(stats.draftDatasets() / (double) DATASETS).isCloseTo(0.03, within(0.008));
    assertThat(stats.privateDatasets() / (double) DATASETS).isCloseTo(0.10, within(0.015));
    assertThat(stats.datasetsWithoutOrganization() / (double) DATASETS)
        .isCloseTo(0.05, within(0.01));
    assertThat(stats.harvestedDatasets() / (double) DATASETS).isCloseTo(0.15, within(0.02));
    assertThat(datasetCount(c, "private AND owner_org IS NULL")).isZero();
    assertThat(count(c, "SELECT count(*) FROM \"group\" WHERE is_organization"))
        .isEqualTo(stats.organizations());
    assertThat(count(c, "SELECT count(*) FROM \"group\" WHERE NOT is_organization"))
        .isEqualTo(stats.groups());
    assertThat(count(c, "SELECT count(*) FROM \"user\"")).isEqualTo(stats.users());
    assertThat(count(c, "SELECT count(*) FROM \"user\" WHERE sysadmin"))
        .isEqualTo(stats.sysadmins());
    assertThat(
            count(
                c,
                "SELECT count(DISTINCT table_id) FROM member WHERE table_name = 'user'"
                    + " AND capacity IN ('admin', 'editor')"))
        .isEqualTo(stats.publishingUsers());
    assertThat(
            count(
                c, "SELECT count(*) FROM member WHERE table_name = 'user' AND capacity = 'member'"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM harvest_source")).isEqualTo(stats.harvestSources());
    assertThat(
            count(
                c,
                "SELECT count(DISTINCT package_id) FROM harvest_object WHERE current"
                    + " AND package_id IS NOT NULL"))
        .isEqualTo(stats.harvestedDatasets());
    assertThat(count(c, "SELECT count(*) FROM resource")).isEqualTo(stats.resources());

    // Resources: 0–20 per dataset, positions 0..n-1, some without name or format.
    String resourcePackage = resourcePackageExpression(c);
    List<String> perDataset =
        query(
            c,
            "SELECT min(n) || ':' || max(n) FROM (SELECT p.id, count(r.id) n FROM package p"
                + " LEFT JOIN "
                + resourceJoin(c)
                + " WHERE p.type = 'dataset' GROUP BY p.id) x");
    assertThat(perDataset).containsExactly("0:20");
    assertThat(
            count(
                c,
                "SELECT count(*) FROM (SELECT "
                    + resourcePackage
                    + " pkg, min(position) lo, max(position) hi, count(*) n FROM resource r "
                    + resourceFrom(c)
                    + " GROUP BY 1) x WHERE lo <> 0 OR hi <> n - 1"))
        .isZero();
    assertThat(count(c, "SELECT count(*) FROM resource WHERE name IS NULL")).isPositive();
    assertThat(count(c, "SELECT count(*) FROM resource WHERE coalesce(format, '') = ''"))
        .isPositive();

    // Extras, tags, relationships, activities.
    assertThat(count(c, "SELECT count(*) FROM package_extra WHERE octet_length(value) > 32766"))
        .isEqualTo(stats.longExtras())
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM package_extra WHERE value LIKE '[\"%\"]'"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM package_extra WHERE value ~ '^\\{.*\\}$'"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM package_extra WHERE key ~ '[^A-Za-z0-9_-]'"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM package_extra WHERE key IN ('tags', 'text')"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM tag WHERE vocabulary_id IS NOT NULL")).isPositive();
    assertThat(
            count(
                c,
                "SELECT count(*) FROM package_tag pt JOIN tag t ON t.id = pt.tag_id"
                    + " WHERE t.vocabulary_id IS NOT NULL"))
        .isPositive();
    assertThat(
            count(
                c,
                "SELECT count(*) FROM package_tag pt JOIN tag t ON t.id = pt.tag_id"
                    + " WHERE t.vocabulary_id IS NULL"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM package_relationship")).isPositive();
    assertThat(count(c, "SELECT count(*) FROM activity WHERE activity_type = 'new package'"))
        .isPositive();
    assertThat(
            count(
                c,
                "SELECT count(*) FROM member WHERE table_name = 'package' AND capacity = 'public'"))
        .isPositive();

    // Unicode and control characters survive.
    assertThat(
            count(
                c, "SELECT count(*) FROM package WHERE title ~ '[\\u0001-\\u0008\\u000b\\u001b]'"))
        .isPositive();
    assertThat(
            count(c, "SELECT count(*) FROM package WHERE title LIKE '%数据集%' OR title LIKE '%🚀%'"))
        .isPositive();
    assertThat(count(c, "SELECT count(*) FROM package WHERE notes LIKE '%' || chr(10) || '%'"))
        .isPositive();

    assertReferencesResolve(c);
  }

  private static long datasetCount(Connection c, String condition) throws SQLException {
    return count(c, "SELECT count(*) FROM package WHERE type = 'dataset' AND " + condition);
  }

  private static boolean oldEra(Connection c) throws SQLException {
    return tableExists(c, "resource_group");
  }

  private static String resourceJoin(Connection c) throws SQLException {
    return oldEra(c)
        ? "(resource_group rg JOIN resource r ON r.resource_group_id = rg.id) ON rg.package_id = p.id"
        : "resource r ON r.package_id = p.id";
  }

  private static String resourceFrom(Connection c) throws SQLException {
    return oldEra(c) ? "JOIN resource_group rg ON rg.id = r.resource_group_id" : "";
  }

  private static String resourcePackageExpression(Connection c) throws SQLException {
    return oldEra(c) ? "rg.package_id" : "r.package_id";
  }

  /**
   * Anti-joins over every reference CKAN makes between rows, with or without a database foreign
   * key: none may dangle.
   */
  private static void assertReferencesResolve(Connection c) throws SQLException {
    List<String[]> refs = new ArrayList<>();
    // {child table, child column, parent table, parent column, extra condition on the child}
    refs.add(new String[] {"package", "owner_org", "\"group\"", "id", "true"});
    refs.add(new String[] {"package", "creator_user_id", "\"user\"", "id", "true"});
    refs.add(new String[] {"package_extra", "package_id", "package", "id", "true"});
    refs.add(new String[] {"package_tag", "package_id", "package", "id", "true"});
    refs.add(new String[] {"package_tag", "tag_id", "tag", "id", "true"});
    refs.add(new String[] {"tag", "vocabulary_id", "vocabulary", "id", "true"});
    refs.add(new String[] {"member", "group_id", "\"group\"", "id", "true"});
    refs.add(new String[] {"member", "table_id", "package", "id", "c.table_name = 'package'"});
    refs.add(new String[] {"member", "table_id", "\"user\"", "id", "c.table_name = 'user'"});
    refs.add(new String[] {"group_extra", "group_id", "\"group\"", "id", "true"});
    refs.add(new String[] {"package_relationship", "subject_package_id", "package", "id", "true"});
    refs.add(new String[] {"package_relationship", "object_package_id", "package", "id", "true"});
    refs.add(new String[] {"activity", "user_id", "\"user\"", "id", "true"});
    refs.add(
        new String[] {
          "activity", "object_id", "package", "id", "c.activity_type LIKE '% package'"
        });
    refs.add(
        new String[] {
          "activity",
          "object_id",
          "\"group\"",
          "id",
          "c.activity_type IN ('new organization', 'new group')"
        });
    refs.add(
        new String[] {"activity", "object_id", "\"user\"", "id", "c.activity_type = 'new user'"});
    refs.add(new String[] {"dashboard", "user_id", "\"user\"", "id", "true"});
    refs.add(new String[] {"user_following_dataset", "follower_id", "\"user\"", "id", "true"});
    refs.add(new String[] {"user_following_dataset", "object_id", "package", "id", "true"});
    refs.add(new String[] {"harvest_source", "publisher_id", "\"group\"", "id", "true"});
    refs.add(new String[] {"harvest_source", "user_id", "\"user\"", "id", "true"});
    refs.add(new String[] {"harvest_job", "source_id", "harvest_source", "id", "true"});
    refs.add(new String[] {"harvest_object", "harvest_job_id", "harvest_job", "id", "true"});
    refs.add(new String[] {"harvest_object", "harvest_source_id", "harvest_source", "id", "true"});
    refs.add(new String[] {"harvest_object", "package_id", "package", "id", "true"});
    refs.add(
        new String[] {"harvest_object_extra", "harvest_object_id", "harvest_object", "id", "true"});
    refs.add(new String[] {"harvest_gather_error", "harvest_job_id", "harvest_job", "id", "true"});
    refs.add(
        new String[] {"harvest_object_error", "harvest_object_id", "harvest_object", "id", "true"});
    if (oldEra(c)) {
      refs.add(new String[] {"resource", "resource_group_id", "resource_group", "id", "true"});
      refs.add(new String[] {"resource_group", "package_id", "package", "id", "true"});
      refs.add(new String[] {"activity", "revision_id", "revision", "id", "true"});
      refs.add(new String[] {"activity_detail", "activity_id", "activity", "id", "true"});
      refs.add(new String[] {"user_object_role", "user_id", "\"user\"", "id", "true"});
      refs.add(new String[] {"package_role", "package_id", "package", "id", "true"});
      refs.add(
          new String[] {"package_role", "user_object_role_id", "user_object_role", "id", "true"});
      refs.add(new String[] {"group_role", "group_id", "\"group\"", "id", "true"});
      refs.add(
          new String[] {"system_role", "user_object_role_id", "user_object_role", "id", "true"});
      refs.add(new String[] {"related", "owner_id", "\"user\"", "id", "true"});
      refs.add(new String[] {"related_dataset", "dataset_id", "package", "id", "true"});
      for (String table :
          List.of(
              "package",
              "package_extra",
              "package_tag",
              "resource",
              "resource_group",
              "member",
              "\"group\"",
              "group_extra",
              "package_relationship",
              "system_info")) {
        refs.add(new String[] {table, "revision_id", "revision", "id", "true"});
      }
      for (String table :
          List.of(
              "package_revision",
              "package_extra_revision",
              "package_tag_revision",
              "resource_revision",
              "member_revision",
              "group_revision",
              "package_relationship_revision")) {
        refs.add(new String[] {table, "revision_id", "revision", "id", "true"});
        refs.add(
            new String[] {
              table,
              "continuity_id",
              table.replace("_revision", "").replace("group", "\"group\""),
              "id",
              "true"
            });
      }
    } else {
      refs.add(new String[] {"resource", "package_id", "package", "id", "true"});
      refs.add(new String[] {"resource_view", "resource_id", "resource", "id", "true"});
      refs.add(new String[] {"package_member", "package_id", "package", "id", "true"});
      refs.add(new String[] {"package_member", "user_id", "\"user\"", "id", "true"});
      refs.add(new String[] {"api_token", "user_id", "\"user\"", "id", "true"});
    }
    for (String[] ref : refs) {
      String sql =
          "SELECT count(*) FROM "
              + ref[0]
              + " c WHERE c."
              + ref[1]
              + " IS NOT NULL AND "
              + ref[4]
              + " AND NOT EXISTS (SELECT 1 FROM "
              + ref[2]
              + " p WHERE p."
              + ref[3]
              + " = c."
              + ref[1]
              + ")";
      assertThat(count(c, sql)).as("dangling %s.%s -> %s", ref[0], ref[1], ref[2]).isZero();
    }
    // Every organization member row of a package matches its owner_org.
    assertThat(
            count(
                c,
                "SELECT count(*) FROM member m JOIN package p ON p.id = m.table_id"
                    + " WHERE m.table_name = 'package' AND m.capacity = 'organization'"
                    + " AND m.group_id IS DISTINCT FROM p.owner_org"))
        .isZero();
    assertThat(
            count(
                c,
                "SELECT count(*) FROM package p JOIN \"group\" g ON g.id = p.owner_org"
                    + " WHERE NOT g.is_organization"))
        .isZero();
  }

  // ------------------------------------------------------------------ JDBC helpers

  private static long count(Connection c, String sql) throws SQLException {
    return Long.parseLong(query(c, sql).get(0));
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  private static List<String> tables(Connection c) throws SQLException {
    return query(
        c,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            + " AND table_type = 'BASE TABLE' ORDER BY 1");
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    return count(
            c,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_name = '"
                + table
                + "'")
        > 0;
  }

  private static boolean columnExists(Connection c, String table, String column)
      throws SQLException {
    return count(
            c,
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = '"
                + table
                + "' AND column_name = '"
                + column
                + "'")
        > 0;
  }
}
