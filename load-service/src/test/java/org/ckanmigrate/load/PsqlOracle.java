package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * psql as the loader's oracle: the same plain dump loaded once with {@code psql -1 -v
 * ON_ERROR_STOP=1} and once with the {@link Loader}, into two new databases, must give the same
 * schema ({@code pg_dump --schema-only -O -x} of both, split per object and normalised) and the
 * same content (an ordered checksum per table). A difference fails naming the object or table.
 * Owners and privileges are left out of the comparison: the loader's {@code ownership} setting
 * decides them on purpose.
 */
final class PsqlOracle {

  private PsqlOracle() {}

  /** Loads {@code dump} both ways and asserts the two databases are equal; drops both after. */
  static LoadResult assertLoaderEqualsPsql(Path dump, Path work, String prefix) throws Exception {
    String viaPsql = PgFixtures.newTargetName(prefix + "_psql");
    String viaLoader = PgFixtures.newTargetName(prefix + "_loader");
    try {
      PgFixtures.exec("postgres", "CREATE DATABASE " + viaPsql);
      PgFixtures.run(
          List.of(
              PgFixtures.server().tool("psql").toString(),
              "-q",
              "-X",
              "-1",
              "-v",
              "ON_ERROR_STOP=1",
              "-d",
              viaPsql,
              "-f",
              dump.toString()));
      LoadResult result =
          new Loader()
              .load(
                  new LoadRequest(
                      UUID.randomUUID().toString(),
                      dump,
                      null,
                      null,
                      null,
                      PgFixtures.target(work, viaLoader, false, 2),
                      null));

      assertThat(schema(viaPsql, work).keySet())
          .as("objects of psql's load, read from its schema-only dump")
          .anyMatch(k -> k.startsWith("TABLE "));
      assertThat(differences(viaPsql, viaLoader, work))
          .as("differences between psql's load and the loader's")
          .isEmpty();
      assertThat(PgFixtures.snapshot(viaPsql)).isEqualTo(PgFixtures.snapshot(viaLoader));
      return result;
    } finally {
      PgFixtures.server().dropDatabase(viaLoader);
      PgFixtures.server().dropDatabase(viaPsql);
    }
  }

  /**
   * What differs between {@code psql}'s database and the {@code loader}'s, one line each naming the
   * object ({@code schema: INDEX public.x_idx: ...}) or table ({@code rows: public.t: ...}, {@code
   * content: public.t: ...}); empty when they are equal.
   */
  static List<String> differences(String psql, String loader, Path work) throws Exception {
    List<String> out = new ArrayList<>();
    differences(schema(psql, work), schema(loader, work)).forEach(d -> out.add("schema: " + d));
    PgFixtures.Snapshot a = PgFixtures.snapshot(psql);
    PgFixtures.Snapshot b = PgFixtures.snapshot(loader);
    differences(a.rowCounts(), b.rowCounts()).forEach(d -> out.add("rows: " + d));
    differences(a.checksums(), b.checksums()).forEach(d -> out.add("content: " + d));
    return out;
  }

  /**
   * Keys whose values differ, with both values, e.g. {@code TABLE public.x: psql=... loader=...}.
   */
  private static <V> List<String> differences(Map<String, V> psql, Map<String, V> loader) {
    Set<String> keys = new TreeSet<>(psql.keySet());
    keys.addAll(loader.keySet());
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      V a = psql.get(key);
      V b = loader.get(key);
      if (a == null || !a.equals(b)) {
        out.add(key + ": psql=" + a + " loader=" + b);
      }
    }
    return out;
  }

  /**
   * The schema-only dump of {@code database} as object header ({@code TYPE schema.name}) to its
   * statements, comments, blank lines and psql meta-commands (\restrict keys are random) removed.
   */
  private static Map<String, String> schema(String database, Path work) throws Exception {
    Path file =
        PgFixtures.pgDump(
            database, work.resolve(database + "-schema.sql"), "--schema-only", "-O", "-x");
    Map<String, String> objects = new TreeMap<>();
    String key = "(preamble)";
    StringBuilder body = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("-- Name: ")) {
        objects.merge(key, body.toString(), String::concat);
        key = header(line);
        body.setLength(0);
      } else if (!line.isBlank() && !line.startsWith("--") && !line.startsWith("\\")) {
        body.append(line).append('\n');
      }
    }
    objects.merge(key, body.toString(), String::concat);
    return objects;
  }

  /** {@code -- Name: x; Type: TABLE; Schema: public; Owner: -} as {@code TABLE public.x}. */
  private static String header(String line) {
    String name = "";
    String type = "";
    String schema = "-";
    for (String part : line.substring(3).split("; ")) {
      if (part.startsWith("Name: ")) {
        name = part.substring(6);
      } else if (part.startsWith("Type: ")) {
        type = part.substring(6);
      } else if (part.startsWith("Schema: ")) {
        schema = part.substring(8);
      }
    }
    return type + " " + schema + "." + name;
  }
}
