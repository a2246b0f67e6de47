package org.ckanmigrate.stack.catalogue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ckanext-spatial adds to a CKAN database, as portals such as data.gov.uk run it: PostGIS with
 * {@code postgis_topology}, {@code fuzzystrmatch} and {@code postgis_tiger_geocoder} (so the dump
 * carries the {@code topology}, {@code tiger} and {@code tiger_data} schemas and tables filled by
 * {@code CREATE EXTENSION} itself), ckanext-spatial's {@code package_extent} table with its GIST
 * index, a {@code spatial} extra (GeoJSON) and its extent for about a quarter of the active
 * datasets, and a few user-added {@code spatial_ref_sys} rows (the only rows of that table pg_dump
 * dumps). ckanext-harvest's tables and their data are part of every generated catalogue.
 *
 * <p>Runs inside the generator's transaction, after the catalogue's keys and indexes exist. Needs
 * PostGIS on the server (Debian/Ubuntu: {@code postgresql-15-postgis-3}); {@link
 * #missingExtensions(Connection)} says what is absent so tests can skip with a reason.
 */
public final class SpatialExtension {

  /** In creation order; the tiger geocoder needs postgis and fuzzystrmatch. */
  public static final List<String> EXTENSIONS =
      List.of("postgis", "postgis_topology", "fuzzystrmatch", "postgis_tiger_geocoder");

  /** The Debian/Ubuntu package that provides every one of {@link #EXTENSIONS}. */
  public static final String DEBIAN_PACKAGE = "postgresql-15-postgis-3";

  /** SRIDs of the user-added {@code spatial_ref_sys} rows (outside EPSG's and PostGIS's range). */
  public static final List<Integer> USER_SRIDS = List.of(910001, 910002, 910003);

  private SpatialExtension() {}

  /** The {@link #EXTENSIONS} the server behind {@code connection} cannot create; empty if none. */
  public static List<String> missingExtensions(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT array_to_string(array_agg(e ORDER BY o), ',') FROM unnest(ARRAY['"
                    + String.join("','", EXTENSIONS)
                    + "']) WITH ORDINALITY AS x(e, o) WHERE e NOT IN (SELECT name FROM"
                    + " pg_available_extensions)")) {
      rs.next();
      String missing = rs.getString(1);
      return missing == null ? List.of() : List.of(missing.split(","));
    }
  }

  /**
   * Why a spatial catalogue cannot be made on the server behind {@code connection}, as one line
   * naming the missing extensions and the package to install; null when it can.
   */
  public static String unavailableReason(Connection connection) throws SQLException {
    List<String> missing = missingExtensions(connection);
    return missing.isEmpty()
        ? null
        : "the test server lacks "
            + missing
            + " (Debian/Ubuntu: apt-get install "
            + DEBIAN_PACKAGE
            + ")";
  }

  /**
   * Adds the spatial objects and rows to the catalogue in {@code connection}'s database; returns
   * the rows written per public table ({@code package_extra}'s new rows, {@code package_extent},
   * the user-added {@code spatial_ref_sys} rows).
   */
  static Map<String, Long> install(Connection connection, CkanEra era) throws SQLException {
    List<String> missing = missingExtensions(connection);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The spatial catalogue needs the PostgreSQL extension(s) "
              + String.join(", ", missing)
              + ", which this server does not have; install PostGIS (Debian/Ubuntu: apt-get"
              + " install "
              + DEBIAN_PACKAGE
              + ")");
    }
    Map<String, Long> rows = new TreeMap<>();
    try (Statement s = connection.createStatement()) {
      for (String extension : EXTENSIONS) {
        s.execute("CREATE EXTENSION IF NOT EXISTS " + extension);
      }
      // ckanext-spatial's model (spatial/model/package_extent.py): no foreign key, SRID 4326.
      s.execute(
          "CREATE TABLE public.package_extent (package_id text NOT NULL,"
              + " the_geom public.geometry(Geometry, 4326),"
              + " CONSTRAINT package_extent_pkey PRIMARY KEY (package_id))");
      s.execute(
          "CREATE INDEX idx_package_extent_the_geom ON public.package_extent"
              + " USING gist (the_geom)");
      // A bounding box over Great Britain derived from the id (deterministic for a seed); every
      // fifth is a point, which ckanext-spatial also accepts.
      String revision = era == CkanEra.V2_2 ? ", revision_id" : "";
      rows.put(
          "package_extra",
          (long)
              s.executeUpdate(
                  "INSERT INTO public.package_extra (id, package_id, key, value, state"
                      + revision
                      + ") SELECT md5('spatial:' || p.id)::uuid::text, p.id, 'spatial',"
                      + " CASE WHEN get_byte(decode(md5(p.id), 'hex'), 1) % 5 = 0 THEN"
                      + " format('{\"type\": \"Point\", \"coordinates\": [%s, %s]}', x, y)"
                      + " ELSE format('{\"type\": \"Polygon\", \"coordinates\": [[[%1$s, %2$s],"
                      + " [%3$s, %2$s], [%3$s, %4$s], [%1$s, %4$s], [%1$s, %2$s]]]}', x, y,"
                      + " round(x + 0.25 + w, 4), round(y + 0.25 + w, 4)) END, 'active'"
                      + (era == CkanEra.V2_2 ? ", p.revision_id" : "")
                      + " FROM public.package p CROSS JOIN LATERAL (SELECT round(-7.5 +"
                      + " get_byte(decode(md5(p.id), 'hex'), 2) / 40.0, 4) AS x, round(50.0 +"
                      + " get_byte(decode(md5(p.id), 'hex'), 3) / 30.0, 4) AS y,"
                      + " get_byte(decode(md5(p.id), 'hex'), 4) / 1000.0 AS w) g WHERE p.type ="
                      + " 'dataset' AND p.state = 'active'"
                      + " AND get_byte(decode(md5(p.id), 'hex'), 0) < 64"
                      + " AND NOT EXISTS (SELECT 1 FROM public.package_extra e"
                      + " WHERE e.package_id = p.id AND e.key = 'spatial')"));
      if (era == CkanEra.V2_2) {
        // vdm: each versioned row has its current revision row (the revision it was written in).
        rows.put(
            "package_extra_revision",
            (long)
                s.executeUpdate(
                    "INSERT INTO public.package_extra_revision (id, package_id, key, value,"
                        + " revision_id, continuity_id, state, expired_id, revision_timestamp,"
                        + " expired_timestamp, current) SELECT e.id, e.package_id, e.key,"
                        + " e.value, e.revision_id, e.id, e.state, NULL, r.timestamp,"
                        + " '9999-12-31', true FROM public.package_extra e JOIN public.revision r"
                        + " ON r.id = e.revision_id WHERE e.key = 'spatial'"));
      }
      rows.put(
          "package_extent",
          (long)
              s.executeUpdate(
                  "INSERT INTO public.package_extent (package_id, the_geom) SELECT package_id,"
                      + " public.ST_SetSRID(public.ST_GeomFromGeoJSON(value), 4326) FROM"
                      + " public.package_extra WHERE key = 'spatial' AND state = 'active'"));
      long srs = 0;
      for (int srid : USER_SRIDS) {
        srs +=
            s.executeUpdate(
                "INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext,"
                    + " proj4text) VALUES ("
                    + srid
                    + ", 'ckan-portal', "
                    + srid
                    + ", NULL, '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000"
                    + " +y_0=-100000 +ellps=airy +units=m +no_defs +variant="
                    + srid
                    + "')");
      }
      rows.put("spatial_ref_sys", srs);
    }
    return rows;
  }
}
