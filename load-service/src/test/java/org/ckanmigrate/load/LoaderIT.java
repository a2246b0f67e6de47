package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.fixtures.ReferenceDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderIT {

  @TempDir static Path shared;
  static TestDatabase source;
  static Path plainDump;
  static Path gzipDump;
  static PgFixtures.Snapshot sourceSnapshot;

  @BeforeAll
  static void dumpSource() throws Exception {
    source = GeneratedDump.createSource();
    plainDump = GeneratedDump.dump(source, shared, "generated.sql");
    gzipDump = PgFixtures.gzip(plainDump, shared.resolve("generated.sql.gz"));
    sourceSnapshot = PgFixtures.snapshot(source.name());
  }

  @AfterAll
  static void dropSource() {
    source.close();
  }

  @Test
  void gzipDumpLoadsInParallelIdenticalToItsSource(@TempDir Path work) throws Exception {
    String target = PgFixtures.newTargetName("ld_par");
    try {
      java.util.List<Long> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
      LoadRequest.Options options =
          new LoadRequest.Options(
              work.resolve("spool"),
              LoadRequest.Options.defaults().sessionSettings(),
              true,
              progress::add);
      LoadRequest base = PgFixtures.loadRequest(gzipDump, target, 2, work);
      LoadResult result =
          new Loader()
              .load(
                  new LoadRequest(
                      base.runId(), gzipDump, null, null, null, base.target(), options));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
      assertThat(result.parallelism()).isEqualTo(2);
      assertThat(result.spoolBytes()).isEqualTo(Files.size(plainDump));
      assertThat(result.replicationRoleReplica()).isTrue();
      assertThat(result.tables()).isEqualTo(6);
      assertThat(result.rows()).isEqualTo(5 + 3000 + 200 + 5000 + 2 + 2000);
      // Progress as each table's COPY ended: one report per table, ending at the total.
      assertThat(progress).hasSize(6).isSorted();
      assertThat(progress.get(progress.size() - 1)).isEqualTo(result.rows());
      assertThat(largeObjects(target)).containsExactly("large object; data");
      assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
      assertThat(PgFixtures.unfrozenPages(target)).as("pages not written frozen").isEmpty();
      try (var spool = Files.list(work.resolve("spool"))) {
        assertThat(spool).as("the spool file is removed").isEmpty();
      }
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @Test
  void plainDumpLoadsOnOneConnectionIdenticalToItsSource(@TempDir Path work) throws Exception {
    String target = PgFixtures.newTargetName("ld_seq");
    try {
      LoadResult result = new Loader().load(PgFixtures.loadRequest(plainDump, target, 1, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
      assertThat(result.parallelism()).isEqualTo(1);
      assertThat(result.spoolBytes()).isZero();
      assertThat(largeObjects(target)).containsExactly("large object; data");
      assertThat(PgFixtures.unfrozenPages(target)).as("pages not written frozen").isEmpty();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @Test
  void uncompressedDumpLoadsInParallelWithoutSpooling(@TempDir Path work) throws Exception {
    String target = PgFixtures.newTargetName("ld_plainpar");
    try {
      LoadResult result = new Loader().load(PgFixtures.loadRequest(plainDump, target, 3, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
      assertThat(result.parallelism()).isEqualTo(3);
      assertThat(result.spoolBytes()).isZero();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @Test
  void excludedAndSchemaOnlyTablesAndMappedOwner(@TempDir Path work) throws Exception {
    String target = PgFixtures.newTargetName("ld_filter");
    PgFixtures.exec(
        "postgres",
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ckm_owner') THEN"
            + " CREATE ROLE ckm_owner; END IF; END $$");
    try {
      LoadRequest request =
          new LoadRequest(
              "filters",
              gzipDump,
              null,
              null,
              null,
              PgFixtures.target(
                  work,
                  target,
                  false,
                  2,
                  List.of("public.tag"),
                  List.of("package_tag"),
                  "map",
                  "ckm_owner"),
              null);
      LoadResult result = new Loader().load(request);

      PgFixtures.Snapshot loaded = PgFixtures.snapshot(target);
      assertThat(loaded.rowCounts()).doesNotContainKey("public.tag");
      assertThat(loaded.rowCounts()).containsEntry("public.package_tag", 0L);
      assertThat(loaded.rowCounts()).containsEntry("public.package", 3005L);
      assertThat(loaded.constraints().keySet())
          .doesNotContain("package_tag.package_tag_tag_id_fkey")
          .contains("package_tag.package_tag_package_id_fkey");
      assertThat(owners(target)).isNotEmpty().allMatch(o -> o.endsWith("=ckm_owner"));
      assertThat(result.statementsSkipped()).isPositive();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @Test
  void ownersAbsentOnTheTargetAreNamedWithWhatBecameOfThem(@TempDir Path work) throws Exception {
    // The source's objects, as if owned by the portal's own role, which the target lacks.
    String dumped = Files.readString(plainDump);
    String superuser = PgFixtures.server().superuser();
    String portal = dumped.replace("OWNER TO " + superuser + ";", "OWNER TO portal_owner;");
    long owned = portal.split("OWNER TO portal_owner;", -1).length - 1;
    assertThat(owned).as("OWNER TO statements in the dump").isPositive();
    Path dump = Files.writeString(work.resolve("portal.sql"), portal);
    PgFixtures.exec(
        "postgres",
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ckm_owner') THEN"
            + " CREATE ROLE ckm_owner; END IF; END $$");
    String skipped = PgFixtures.newTargetName("ld_own_skip");
    String mapped = PgFixtures.newTargetName("ld_own_map");
    try {
      LoadResult skip =
          new Loader()
              .load(
                  new LoadRequest(
                      "owners-skip",
                      dump,
                      null,
                      null,
                      null,
                      PgFixtures.target(work, skipped, false, 2),
                      null));
      LoadResult map =
          new Loader()
              .load(
                  new LoadRequest(
                      "owners-map",
                      dump,
                      null,
                      null,
                      null,
                      PgFixtures.target(
                          work, mapped, false, 2, List.of(), List.of(), "map", "ckm_owner"),
                      null));

      assertThat(skip.notes())
          .contains(
              "ownership skip: the dump's owners portal_owner ("
                  + owned
                  + " objects, no such role on the target) were not applied; those objects are"
                  + " owned by the loading role "
                  + superuser
                  + " (target.ownership map or keep to change that)");
      assertThat(owners(skipped)).isNotEmpty().allMatch(o -> o.endsWith("=" + superuser));
      assertThat(map.notes())
          .contains(
              "ownership map: the dump's owners portal_owner ("
                  + owned
                  + " objects, no such role on the target) mapped to ckm_owner");
      assertThat(owners(mapped)).isNotEmpty().allMatch(o -> o.endsWith("=ckm_owner"));
    } finally {
      PgFixtures.server().dropDatabase(skipped);
      PgFixtures.server().dropDatabase(mapped);
    }
  }

  @Test
  void realCkan22DumpLoadsLikePsqlWithOnErrorStop(@TempDir Path work) throws Exception {
    Path fixture =
        ReferenceDir.require(
            "fixtures/ckan-2.2-era-fresh_dbdump.sql",
            "the real CKAN 2.2-era dump loaded like psql");
    PgFixtures.exec(
        "postgres",
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fresh') THEN"
            + " CREATE ROLE fresh; END IF; END $$");
    String target = PgFixtures.newTargetName("ld_ckan22");
    try (TestDatabase viaPsql = PgFixtures.server().createDatabase("ld_psql")) {
      PgFixtures.psql(viaPsql.name(), fixture);
      Path gz = PgFixtures.gzip(fixture, work.resolve("ckan22.sql.gz"));

      LoadResult result = new Loader().load(PgFixtures.loadRequest(gz, target, 2, work));

      PgFixtures.Snapshot expected = PgFixtures.snapshot(viaPsql.name());
      PgFixtures.Snapshot loaded = PgFixtures.snapshot(target);
      assertThat(loaded).isEqualTo(expected);
      assertThat(loaded.rowCounts()).hasSize(46);
      assertThat(loaded.indexes()).hasSizeGreaterThan(90);
      assertThat(result.tables()).isEqualTo(46);
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  @Test
  void gzipMembersFromTheManifestAreReadInParallelWithoutSpooling(@TempDir Path work)
      throws Exception {
    Path artifact = work.resolve("membered.sql.gz");
    List<DumpManifest.TableCopy> copies = writeMembers(Files.readAllBytes(plainDump), artifact);
    TestManifests.writeBeside(
        artifact,
        TestManifests.of(
            source.name(),
            "membered.sql.gz",
            "gzip:1",
            Files.size(artifact),
            null,
            null,
            null,
            copies));
    String target = PgFixtures.newTargetName("ld_members");
    try {
      LoadResult result = new Loader().load(PgFixtures.loadRequest(artifact, target, 2, work));

      assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
      assertThat(result.parallelism()).isEqualTo(2);
      assertThat(result.spoolBytes()).isZero();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  /**
   * Writes the dump as the dump phase does: each COPY block (statement to end marker) its own gzip
   * member, the SQL between blocks in members of its own.
   */
  private static List<DumpManifest.TableCopy> writeMembers(byte[] sql, Path artifact)
      throws Exception {
    String text = new String(sql, java.nio.charset.StandardCharsets.ISO_8859_1);
    List<DumpManifest.TableCopy> copies = new java.util.ArrayList<>();
    try (var out = Files.newOutputStream(artifact)) {
      long fileOffset = 0;
      int from = 0;
      while (true) {
        int copy = text.indexOf("\nCOPY ", from);
        if (copy < 0) {
          fileOffset += member(out, sql, from, sql.length);
          break;
        }
        copy++;
        int end = text.indexOf("\n\\.\n", copy) + 4;
        fileOffset += member(out, sql, from, copy);
        String header = text.substring(copy, text.indexOf('\n', copy));
        long rows = text.substring(copy, end).chars().filter(ch -> ch == '\n').count() - 2;
        long length = member(out, sql, copy, end);
        copies.add(
            new DumpManifest.TableCopy(
                header.split(" ")[1], rows, fileOffset, length, (long) copy, (long) (end - copy)));
        fileOffset += length;
        from = end;
      }
    }
    return copies;
  }

  private static long member(java.io.OutputStream out, byte[] data, int from, int to)
      throws Exception {
    var buffer = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(buffer)) {
      gz.write(data, from, to - from);
    }
    buffer.writeTo(out);
    return buffer.size();
  }

  private static List<String> largeObjects(String db) throws Exception {
    try (Connection c = PgFixtures.server().connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT convert_from(lo_get(oid), 'UTF8') FROM pg_largeobject_metadata")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static List<String> owners(String db) throws Exception {
    try (Connection c = PgFixtures.server().connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT c.relname || '=' || pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'other',"
                    + " 'Odd Schema') AND c.relkind IN ('r', 'S', 'v', 'm')")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
