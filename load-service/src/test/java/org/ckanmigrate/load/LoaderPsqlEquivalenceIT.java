package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.catalogue.SpatialExtension;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.fixtures.CkanGold;
import org.ckanmigrate.testsupport.fixtures.ReferenceDir;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dump the tests have, loaded by the loader, equals what {@code psql -1 -v ON_ERROR_STOP=1}
 * loads from it ({@link PsqlOracle}): generated 2.2 and 2.9 catalogues, a ckanext-spatial portal
 * with PostGIS and the tiger geocoder, CKAN 2.10's gold database, and the real 2.2-era dump as a
 * reference check.
 */
@Timeout(600)
class LoaderPsqlEquivalenceIT {

  @TempDir Path work;

  private Path generatedDump(CkanEra era, boolean spatial, String prefix) throws Exception {
    try (TestDatabase source = PgFixtures.server().createDatabase(prefix);
        Connection c = source.connect()) {
      if (spatial) {
        String unavailable = SpatialExtension.unavailableReason(c);
        if (unavailable != null) {
          System.out.println("LoaderPsqlEquivalenceIT: spatial portal skipped, " + unavailable);
          Assumptions.abort("PostGIS is not installed on the test server");
        }
      }
      CatalogueGenerator.builder()
          .era(era)
          .datasets(300)
          .seed(13)
          .spatial(spatial)
          .build()
          .generate(c);
      return PgFixtures.pgDump(source.name(), work.resolve(prefix + ".sql"));
    }
  }

  @Test
  void generatedTwoTwoCatalogueLoadsAsPsqlLoadsIt() throws Exception {
    PsqlOracle.assertLoaderEqualsPsql(generatedDump(CkanEra.V2_2, false, "eq22"), work, "eq22");
  }

  @Test
  void generatedTwoNineCatalogueLoadsAsPsqlLoadsIt() throws Exception {
    PsqlOracle.assertLoaderEqualsPsql(generatedDump(CkanEra.V2_9, false, "eq29"), work, "eq29");
  }

  @Test
  void spatialPortalWithTheTigerGeocoderLoadsAsPsqlLoadsIt() throws Exception {
    LoadResult result =
        PsqlOracle.assertLoaderEqualsPsql(
            generatedDump(CkanEra.V2_9, true, "eqgeo"), work, "eqgeo");
    // spatial_ref_sys is PostGIS's own table: its rows come from CREATE EXTENSION plus the
    // portal's three user-added SRIDs, and the summary says so apart from the exact tables.
    assertThat(result.notes())
        .anyMatch(
            n ->
                n.startsWith("tables of extensions")
                    && n.contains("spatial_ref_sys")
                    && n.contains("+ 3 from the dump"));
  }

  @Test
  void goldCkanTwoTenDatabaseLoadsAsPsqlLoadsIt() throws Exception {
    PsqlOracle.assertLoaderEqualsPsql(CkanGold.database(), work, "eqgold");
  }

  @Test
  void realTwoTwoEraDumpLoadsAsPsqlLoadsIt() throws Exception {
    Path dump =
        ReferenceDir.require(
            "fixtures/ckan-2.2-era-fresh_dbdump.sql", "the real CKAN 2.2-era dump (fresh)");
    // Its objects are owned by role fresh; psql needs it, the loader's ownership setting decides.
    PgFixtures.exec(
        "postgres",
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fresh') THEN"
            + " CREATE ROLE fresh; END IF; END $$");
    PsqlOracle.assertLoaderEqualsPsql(dump, work, "eqfresh");
  }

  @Test
  void theOracleNamesTheTableAndTheObjectThatDiffer() throws Exception {
    String a = PgFixtures.newTargetName("oracle_a");
    String b = PgFixtures.newTargetName("oracle_b");
    try {
      for (String db : List.of(a, b)) {
        PgFixtures.exec("postgres", "CREATE DATABASE " + db);
        PgFixtures.exec(
            db,
            "CREATE TABLE tagged (id int PRIMARY KEY, name text);"
                + " INSERT INTO tagged SELECT i, 'tag ' || i FROM generate_series(1, 50) i;"
                + " CREATE TABLE plain (id int); INSERT INTO plain VALUES (1), (2)");
      }
      assertThat(PsqlOracle.differences(a, b, work)).as("two equal databases").isEmpty();

      // The same row count, one value changed; and an index only one side has.
      PgFixtures.exec(b, "UPDATE tagged SET name = 'changed' WHERE id = 7");
      PgFixtures.exec(b, "CREATE INDEX tagged_name ON tagged (name)");
      PgFixtures.exec(b, "DELETE FROM plain WHERE id = 2");

      assertThat(PsqlOracle.differences(a, b, work))
          .anyMatch(d -> d.startsWith("schema: INDEX public.tagged_name: psql=null"))
          .anyMatch(d -> d.startsWith("rows: public.plain: psql=2 loader=1"))
          .anyMatch(d -> d.startsWith("content: public.tagged: "))
          .noneMatch(d -> d.startsWith("rows: public.tagged"));
    } finally {
      PgFixtures.server().dropDatabase(a);
      PgFixtures.server().dropDatabase(b);
    }
  }
}
