package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.contract.event.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A loader killed mid-COPY leaves the target as it was, and a rerun of the run loads cleanly. */
class LoaderCrashIT {

  private static final int ROWS = 1500;

  /** A table whose CHECK costs a millisecond a row, so its COPY lasts long enough to be killed. */
  private static Path slowDump(Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    sb.append("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n")
        .append("SELECT pg_catalog.set_config('search_path', '', false);\n")
        .append("CREATE FUNCTION public.slow(v text) RETURNS boolean LANGUAGE plpgsql AS $$\n")
        .append("BEGIN PERFORM pg_catalog.pg_sleep(0.001); RETURN true; END;\n$$;\n")
        .append("CREATE TABLE public.slow_table (id integer, v text CHECK (public.slow(v)));\n")
        .append(
            "--\n-- Data for Name: slow_table; Type: TABLE DATA; Schema: public; Owner: x\n--\n\n")
        .append("COPY public.slow_table (id, v) FROM stdin;\n");
    for (int i = 1; i <= ROWS; i++) {
      sb.append(i).append("\trow ").append(i).append('\n');
    }
    sb.append("\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n");
    return Files.writeString(dir.resolve("slow.sql"), sb);
  }

  private static long copyProgress(String target) throws Exception {
    try (Connection c = PgFixtures.server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy"
                    + " WHERE datname LIKE '"
                    + target
                    + "\\_ckm\\_staging\\_%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void killedMidCopyLeavesTheTargetAndARerunLoadsCleanly(@TempDir Path work) throws Exception {
    Path dump = slowDump(work);
    String target = PgFixtures.newTargetName("ld_crash");
    PgFixtures.exec("postgres", "CREATE DATABASE " + target);
    PgFixtures.exec(target, "CREATE TABLE precious (id int)");
    PgFixtures.exec(target, "INSERT INTO precious VALUES (1), (2)");
    PgFixtures.Snapshot before = PgFixtures.snapshot(target);
    Path password = Files.writeString(work.resolve("pw"), PgFixtures.server().password());
    String runId = "crash-run-1";
    try {
      Process child =
          new ProcessBuilder(LoaderMain.command(List.of(), dump, password, target, runId, "2"))
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("child.log").toFile())
              .start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> copyProgress(target) > 100);
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(PgFixtures.snapshot(target)).isEqualTo(before);
      assertThat(PgFixtures.loaderLeftovers(target))
          .as("the killed run's staging database")
          .hasSize(1);

      LoadResult rerun = new LoadRequestRunner(work, target, runId).run(dump);

      assertThat(rerun.rows()).isEqualTo(ROWS);
      assertThat(PgFixtures.snapshot(target).rowCounts())
          .containsExactly(java.util.Map.entry("public.slow_table", (long) ROWS));
      assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
    } finally {
      PgFixtures.server().dropDatabase(target);
      for (String left : PgFixtures.loaderLeftovers(target)) {
        PgFixtures.server().dropDatabase(left);
      }
    }
  }

  @Test
  void interruptedLoadDropsItsStagingDatabaseAndLeavesTheTarget(@TempDir Path work)
      throws Exception {
    Path dump = slowDump(work);
    String target = PgFixtures.newTargetName("ld_intr");
    PgFixtures.exec("postgres", "CREATE DATABASE " + target);
    PgFixtures.exec(target, "CREATE TABLE precious (id int)");
    PgFixtures.Snapshot before = PgFixtures.snapshot(target);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread loading =
        new Thread(
            () -> {
              try {
                new LoadRequestRunner(work, target, "interrupted-run").run(dump);
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    try {
      loading.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> copyProgress(target) > 100);
      loading.interrupt();
      loading.join(60_000);

      assertThat(loading.isAlive()).isFalse();
      assertThat(failure.get())
          .isInstanceOfSatisfying(
              LoadFailedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
      assertThat(PgFixtures.snapshot(target)).isEqualTo(before);
      assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
    } finally {
      PgFixtures.server().dropDatabase(target);
    }
  }

  private record LoadRequestRunner(Path work, String target, String runId) {
    LoadResult run(Path dump) throws Exception {
      return new Loader()
          .load(
              new LoadRequest(
                  runId, dump, null, null, null, PgFixtures.target(work, target, true, 2), null));
    }
  }
}
