package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal and failure leaves the target exactly as it was and no database behind. */
class LoaderRefusalsIT {

  @TempDir static Path shared;
  static TestDatabase source;
  static Path plainDump;
  static Path gzipDump;
  static PgFixtures.Snapshot sourceSnapshot;

  @TempDir Path work;
  String target;
  PgFixtures.Snapshot before;

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

  /** A target that exists and holds data the operator cares about. */
  @BeforeEach
  void existingTarget() throws Exception {
    target = PgFixtures.newTargetName("ld_keep");
    PgFixtures.exec("postgres", "CREATE DATABASE " + target);
    PgFixtures.exec(target, "CREATE TABLE precious (id int PRIMARY KEY, v text)");
    PgFixtures.exec(
        target, "INSERT INTO precious SELECT i, 'v' || i FROM generate_series(1, 50) i");
    before = PgFixtures.snapshot(target);
  }

  @AfterEach
  void dropTarget() {
    PgFixtures.server().dropDatabase(target);
  }

  private void assertTargetUnchanged() throws Exception {
    assertThat(PgFixtures.databaseExists(target)).isTrue();
    assertThat(PgFixtures.snapshot(target)).isEqualTo(before);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
  }

  private LoadRequest request(Path artifact, boolean replace, int parallelism) throws Exception {
    return request(artifact, PgFixtures.target(work, target, replace, parallelism), null, null);
  }

  private LoadRequest request(Path artifact, TargetSpec spec, String sha, LoadRequest.Options o) {
    return new LoadRequest(UUID.randomUUID().toString(), artifact, null, sha, null, spec, o);
  }

  private static ErrorCode codeOf(Throwable t) {
    return ((LoadFailedException) t).code();
  }

  @Test
  void truncatedGzipIsCorruptAndTheTargetIsUntouched() throws Exception {
    byte[] all = Files.readAllBytes(gzipDump);
    Path cut = Files.write(work.resolve("cut.sql.gz"), Arrays.copyOf(all, all.length / 2));

    assertThatThrownBy(() -> new Loader().load(request(cut, true, 2)))
        .isInstanceOf(LoadFailedException.class)
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ARTIFACT_CORRUPT))
        .hasMessageContaining("does not decompress to its end");
    assertTargetUnchanged();
  }

  @Test
  void dumpWithoutPgDumpsClosingCommentIsIncomplete() throws Exception {
    String text = Files.readString(plainDump);
    String cutText = text.substring(0, text.indexOf("-- PostgreSQL database dump complete"));
    Path cut =
        PgFixtures.gzip(
            Files.writeString(work.resolve("cut.sql"), cutText), work.resolve("cut.sql.gz"));

    assertThatThrownBy(() -> new Loader().load(request(cut, true, 2)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ARTIFACT_INCOMPLETE))
        .hasMessageContaining("dump complete");
    assertTargetUnchanged();
  }

  @Test
  void checksumMismatchNamesBothValues() throws Exception {
    String wrong = "0".repeat(64);
    LoadRequest r = request(gzipDump, PgFixtures.target(work, target, true, 2), wrong, null);

    assertThatThrownBy(() -> new Loader().load(r))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CHECKSUM_MISMATCH))
        .hasMessageContaining(wrong)
        .hasMessageMatching("(?s).*SHA-256 [0-9a-f]{64}.*");
    assertTargetUnchanged();
  }

  @Test
  void nonEmptyTargetIsRefusedUnlessReplaceIsSet() throws Exception {
    assertThatThrownBy(() -> new Loader().load(request(gzipDump, false, 2)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.TARGET_NOT_EMPTY))
        .hasMessageContaining(target)
        .hasMessageContaining("replace");
    assertTargetUnchanged();

    LoadResult result = new Loader().load(request(gzipDump, true, 2));

    assertThat(result.replacedExisting()).isTrue();
    assertThat(PgFixtures.snapshot(target)).isEqualTo(sourceSnapshot);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
  }

  @Test
  void targetThatIsTheSourceIsRefused() throws Exception {
    Path artifact = Files.copy(gzipDump, work.resolve("src.sql.gz"));
    String systemId;
    try (Connection c = PgFixtures.server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
      rs.next();
      systemId = rs.getString(1);
    }
    TestManifests.writeBeside(
        artifact,
        TestManifests.of(
            target, "src.sql.gz", "gzip", Files.size(artifact), null, null, systemId, List.of()));

    assertThatThrownBy(() -> new Loader().load(request(artifact, true, 2)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.TARGET_IS_SOURCE))
        .hasMessageContaining(systemId);
    assertTargetUnchanged();
  }

  @Test
  void manifestsThatCannotBeReadAreRefusedBeforeTheTargetIsTouched() throws Exception {
    Path artifact = Files.copy(gzipDump, work.resolve("odd.sql.gz"));
    TestManifests.writeBeside(
        artifact,
        TestManifests.of(
            "ckan", "odd.sql.gz", "brotli", Files.size(artifact), null, null, null, List.of()));

    assertThatThrownBy(() -> new Loader().load(request(artifact, true, 2)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ARTIFACT_UNREADABLE))
        .hasMessageContaining("'brotli'");
    assertTargetUnchanged();

    Files.writeString(DumpManifest.besides(artifact), "{ cut short");
    assertThatThrownBy(() -> new Loader().load(request(artifact, true, 2)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.ARTIFACT_UNREADABLE))
        .hasMessageContaining("odd.manifest.json");
    assertTargetUnchanged();
  }

  @Test
  void badRowStopsTheParallelLoadNamingLineTableAndSqlstate() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(plainDump));
    int row = lines.indexOf("50\ttag 50");
    assertThat(row).isPositive();
    lines.set(row, "not-a-number\ttag 50");
    Path bad = Files.write(work.resolve("bad.sql"), lines);

    assertThatThrownBy(() -> new Loader().load(request(bad, true, 2)))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SQL_FAILED);
              assertThat(e.line()).isEqualTo(row + 1);
              assertThat(e.table()).isEqualTo("public.tag");
              assertThat(e.sqlState()).isEqualTo("22P02");
              assertThat(e.serverMessage()).contains("not-a-number");
            });
    assertTargetUnchanged();
  }

  @Test
  void failingPostDataStatementStopsTheLoad() throws Exception {
    String text = Files.readString(plainDump);
    int at = text.indexOf("--\n-- PostgreSQL database dump complete");
    String bad = "CREATE INDEX broken ON public.no_such_table (id);\n\n";
    Path dump =
        Files.writeString(
            work.resolve("bad.sql"), text.substring(0, at) + bad + text.substring(at));
    long line = text.substring(0, at).lines().count() + 1;

    assertThatThrownBy(() -> new Loader().load(request(dump, true, 1)))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SQL_FAILED);
              assertThat(e.line()).isEqualTo(line);
              assertThat(e.sqlState()).isEqualTo("42P01");
              assertThat(e.getMessage()).contains("line " + line).contains("no_such_table");
            });
    assertTargetUnchanged();
  }

  @Test
  void unknownMetaCommandIsRefusedBeforeTheTargetIsTouched() throws Exception {
    String text = Files.readString(plainDump);
    int at = text.indexOf("CREATE TABLE");
    Path dump =
        Files.writeString(
            work.resolve("meta.sql"),
            text.substring(0, at) + "\\! rm -rf /\n" + text.substring(at));

    assertThatThrownBy(() -> new Loader().load(request(dump, true, 2)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNKNOWN_META_COMMAND))
        .hasMessageContaining("\\!");
    assertTargetUnchanged();
  }

  /** A dump whose table has a trigger that drops odd rows: only replica role loads them all. */
  private Path triggerDump() throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      rows.append(i).append('\n');
    }
    String dump =
        "SET statement_timeout = 0;\nSET transaction_timeout = 0;\n"
            + "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
            + "SELECT pg_catalog.set_config('search_path', '', false);\n"
            + "CREATE FUNCTION public.drop_odd() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN IF NEW.id % 2 = 1 THEN RETURN NULL; END IF; RETURN NEW; END;\n$$;\n"
            + "CREATE TABLE public.t (id integer);\n"
            + "CREATE TRIGGER odd BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION"
            + " public.drop_odd();\n"
            + "--\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: x\n--\n\n"
            + "COPY public.t (id) FROM stdin;\n"
            + rows
            + "\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n";
    return Files.writeString(work.resolve("trigger.sql"), dump, StandardCharsets.UTF_8);
  }

  @Test
  void rowsLostToATriggerFailVerificationNamingTheTable() throws Exception {
    LoadRequest.Options noReplica =
        new LoadRequest.Options(null, Map.of("synchronous_commit", "off"), false);
    LoadRequest r =
        request(triggerDump(), PgFixtures.target(work, target, true, 2), null, noReplica);

    assertThatThrownBy(() -> new Loader().load(r))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ROW_COUNT_MISMATCH);
              assertThat(e.tables()).containsExactly("public.t");
              assertThat(e.getMessage()).contains("expected 10, found 5");
            });
    assertTargetUnchanged();
  }

  @Test
  void replicaRoleKeepsTriggersQuietAndNewerSettingsAreTolerated() throws Exception {
    LoadResult result = new Loader().load(request(triggerDump(), true, 2));

    assertThat(result.replicationRoleReplica()).isTrue();
    assertThat(result.rows()).isEqualTo(10);
    assertThat(PgFixtures.snapshot(target).rowCounts()).containsExactly(Map.entry("public.t", 10L));
  }

  @Test
  void invalidTargetNameIsRefusedBeforeAnySql() throws Exception {
    LoadRequest r =
        request(
            gzipDump,
            PgFixtures.target(work, "x\"; DROP DATABASE postgres; --", true, 2),
            null,
            null);

    assertThatThrownBy(() -> new Loader().load(r))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertTargetUnchanged();
  }
}
