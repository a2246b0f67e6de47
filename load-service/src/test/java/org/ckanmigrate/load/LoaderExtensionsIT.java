package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps of portals with extensions, against the real server: PostGIS with its siblings (as
 * ckanext-spatial portals run it) loads, verifies and equals what psql loads; an extension the
 * target lacks is refused before anything is created.
 */
class LoaderExtensionsIT {

  @TempDir Path work;

  private static final List<String> POSTGIS =
      List.of("postgis", "postgis_topology", "fuzzystrmatch", "postgis_tiger_geocoder");

  private static List<String> databases() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = PgFixtures.server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static boolean available(String extension) throws Exception {
    try (Connection c = PgFixtures.server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM pg_available_extensions WHERE name = '" + extension + "'")) {
      return rs.next();
    }
  }

  /** A new run's load of {@code dump} into the new database {@code target}. */
  private LoadResult load(Path dump, String target) throws Exception {
    return new Loader()
        .load(
            new LoadRequest(
                UUID.randomUUID().toString(),
                dump,
                null,
                null,
                null,
                PgFixtures.target(work, target, false, 2),
                null));
  }

  @Test
  void anExtensionTheTargetLacksIsRefusedBeforeAnythingIsCreated() throws Exception {
    Path dump =
        Files.writeString(
            work.resolve("needs-extension.sql"),
            """
            SET client_encoding = 'UTF8';
            CREATE EXTENSION IF NOT EXISTS no_such_extension WITH SCHEMA public;
            CREATE EXTENSION IF NOT EXISTS "postgis_nonexistent" WITH SCHEMA public;
            CREATE TABLE public.package (id text PRIMARY KEY);
            COPY public.package (id) FROM stdin;
            a
            \\.

            --
            -- PostgreSQL database dump complete
            --

            """);
    String target = PgFixtures.newTargetName("ld_ext");
    List<String> before = databases();

    assertThatThrownBy(() -> load(dump, target))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.EXTENSION_UNAVAILABLE);
              assertThat(e.reason())
                  .contains("no_such_extension, postgis_nonexistent")
                  .contains("postgresql-")
                  .contains("-postgis-3")
                  .contains("Nothing was created")
                  .doesNotStartWith("EXTENSION_UNAVAILABLE");
            });
    assertThat(databases()).isEqualTo(before);
  }

  @Test
  void aPostgisPortalLoadsVerifiedAndEqualToWhatPsqlLoads() throws Exception {
    for (String extension : POSTGIS) {
      if (!available(extension)) {
        System.out.println(
            "LoaderExtensionsIT: skipped, the test server has no "
                + extension
                + " (Debian/Ubuntu: apt-get install postgresql-15-postgis-3)");
        Assumptions.abort("PostGIS is not installed on the test server");
      }
    }
    TestDatabase source = PgFixtures.server().createDatabase("ld_spatial");
    String viaLoader = PgFixtures.newTargetName("ld_spatial_loader");
    String viaPsql = PgFixtures.newTargetName("ld_spatial_psql");
    try {
      for (String extension : POSTGIS) {
        PgFixtures.exec(source.name(), "CREATE EXTENSION IF NOT EXISTS " + extension + " CASCADE");
      }
      for (String sql :
          List.of(
              "CREATE TABLE public.package (id text PRIMARY KEY, name text)",
              "INSERT INTO public.package SELECT 'p' || i, 'dataset-' || i"
                  + " FROM generate_series(1, 20) i",
              // ckanext-spatial's table, as its model creates it
              "CREATE TABLE public.package_extent (package_id text PRIMARY KEY"
                  + " REFERENCES public.package (id), the_geom geometry(Geometry, 4326))",
              "CREATE INDEX idx_package_extent_the_geom ON public.package_extent"
                  + " USING gist (the_geom)",
              "INSERT INTO public.package_extent SELECT 'p' || i,"
                  + " ST_SetSRID(ST_MakeEnvelope(-i, 50 + i / 10.0, i, 51 + i / 10.0), 4326)"
                  + " FROM generate_series(1, 12) i",
              // a user-added SRID: the only spatial_ref_sys rows pg_dump dumps
              "INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)"
                  + " VALUES (990001, 'ckan-migrate-test', 990001, '', '+proj=longlat"
                  + " +datum=WGS84 +no_defs')")) {
        PgFixtures.exec(source.name(), sql);
      }
      Path dump = PgFixtures.pgDump(source.name(), work.resolve("spatial.sql"), "-x", "-O");
      PgFixtures.exec("postgres", "CREATE DATABASE " + viaPsql);
      PgFixtures.psql(viaPsql, dump);

      LoadResult result = load(dump, viaLoader);

      assertThat(PgFixtures.snapshot(viaLoader)).isEqualTo(PgFixtures.snapshot(viaPsql));
      assertThat(PgFixtures.snapshot(viaLoader).rowCounts())
          .containsEntry("public.package_extent", 12L)
          .containsEntry("public.package", 20L);
      assertThat(result.notes())
          .anyMatch(
              n ->
                  n.startsWith("tables of extensions")
                      && n.contains("spatial_ref_sys")
                      && n.contains("+ 1 from the dump"));
    } finally {
      source.close();
      PgFixtures.server().dropDatabase(viaLoader);
      PgFixtures.server().dropDatabase(viaPsql);
    }
  }
}
