package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.common.compress.Codec;
import org.ckanmigrate.testsupport.catalogue.CatalogueGenerator;
import org.ckanmigrate.testsupport.catalogue.CkanEra;
import org.ckanmigrate.testsupport.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/benchmarks/load.md: a generated CKAN catalogue dump loaded three ways into the same server,
 * side by side. Runs only when {@code -Dckan.benchmark.datasets=N} is given:
 *
 * <pre>
 * ./mvnw -B -o -pl load-service verify -Dit.test=LoadBenchmarkIT -Dckan.benchmark.datasets=60000
 * </pre>
 *
 * The loader runs in its own JVM with a small heap ({@code -Xmx256m}), which shows memory stays
 * bounded whatever the dump size; its peak resident set is sampled from /proc.
 */
class LoadBenchmarkIT {

  @Test
  @Timeout(value = 90, unit = TimeUnit.MINUTES)
  void loaderVersusPsqlVersusPgRestore(@TempDir Path work) throws Exception {
    String datasets = System.getProperty("ckan.benchmark.datasets");
    assumeTrue(datasets != null, "set -Dckan.benchmark.datasets=N to run the load benchmark");
    int parallelism = Integer.getInteger("ckan.benchmark.parallelism", 2);
    List<String> report = new ArrayList<>();

    Path gz = work.resolve("catalogue.sql.gz");
    Files.createDirectories(work.resolve("members"));
    Path members = work.resolve("members").resolve("catalogue.sql.gz");
    Path custom = work.resolve("catalogue.custom");
    long sqlBytes;
    try (TestDatabase source = PgFixtures.server().createDatabase("bench_source")) {
      long t = System.nanoTime();
      try (Connection c = source.connect()) {
        CatalogueGenerator.builder()
            .era(CkanEra.parse("2.9"))
            .datasets(Integer.parseInt(datasets))
            .seed(1)
            .build()
            .generate(c);
      }
      report.add("generate " + datasets + " datasets: " + secs(t));
      Path plain = PgFixtures.pgDump(source.name(), work.resolve("catalogue.sql"));
      sqlBytes = Files.size(plain);
      t = System.nanoTime();
      PgFixtures.run(List.of("bash", "-c", "gzip -1 -c '" + plain + "' > '" + gz + "'"));
      report.add("gzip -1: " + secs(t) + ", " + mb(Files.size(gz)));
      // What the dump phase hands the loader: gzip:1 members (one run per COPY block, 1 MB each)
      // and a manifest recording where each table's members are.
      t = System.nanoTime();
      DumpPhaseArtifact.write(
          Files.readAllBytes(plain), Codec.parse("gzip:1"), 1 << 20, members, "bench_source", true);
      report.add("dump-phase layout (gzip:1 members): " + secs(t) + ", " + mb(Files.size(members)));
      Files.delete(plain);
      PgFixtures.pgDump(source.name(), custom, "-Fc");
      report.add("plain SQL " + mb(sqlBytes) + ", custom " + mb(Files.size(custom)));
    }

    // psql: one session, one transaction, stops at the first error.
    PgFixtures.settle();
    String psqlDb = PgFixtures.newTargetName("bench_psql");
    PgFixtures.exec("postgres", "CREATE DATABASE " + psqlDb);
    long t = System.nanoTime();
    PgFixtures.run(
        List.of(
            "bash",
            "-o",
            "pipefail",
            "-c",
            "gunzip -c '"
                + gz
                + "' | '"
                + PgFixtures.server().tool("psql")
                + "' -q -X -1 -v ON_ERROR_STOP=1 -d "
                + psqlDb
                + " > /dev/null"));
    double psql = (System.nanoTime() - t) / 1e9;
    report.add(String.format("psql -1: %.1f s", psql));
    PgFixtures.Snapshot expected = PgFixtures.snapshot(psqlDb);
    PgFixtures.server().dropDatabase(psqlDb);

    // pg_restore -j 2 from the custom-format dump.
    PgFixtures.settle();
    String restoreDb = PgFixtures.newTargetName("bench_restore");
    PgFixtures.exec("postgres", "CREATE DATABASE " + restoreDb);
    t = System.nanoTime();
    PgFixtures.run(
        List.of(
            PgFixtures.server().tool("pg_restore").toString(),
            "-j",
            "2",
            "-O",
            "-x",
            "-d",
            restoreDb,
            custom.toString()));
    double restore = (System.nanoTime() - t) / 1e9;
    report.add(String.format("pg_restore -j 2: %.1f s", restore));
    PgFixtures.server().dropDatabase(restoreDb);

    // This loader, in its own JVM with a small heap: from the same gzip file as psql (no manifest:
    // the decompressed dump is spooled for the parallel workers), and from the dump phase's layout.
    Path password = Files.writeString(work.resolve("pw"), PgFixtures.server().password());
    List<String> outputs = new ArrayList<>();
    double loader =
        runLoader(
            work, gz, password, parallelism, expected, "loader (gzip -1 file)", report, outputs);
    double loaderMembers =
        runLoader(
            work,
            members,
            password,
            parallelism,
            expected,
            "loader (dump-phase members + manifest)",
            report,
            outputs);

    report.add(
        String.format(
            "loader vs psql: %.2fx faster (gzip file), %.2fx (members)",
            psql / loader, psql / loaderMembers));
    report.add(
        String.format(
            "loader / pg_restore -j 2: %.2f (gzip file), %.2f (members)",
            loader / restore, loaderMembers / restore));
    System.out.println("LOAD BENCHMARK\n  " + String.join("\n  ", report));
    System.out.println("LOADER OUTPUT\n" + String.join("\n", outputs));
  }

  /** Runs the loader in its own JVM with a small heap; returns its wall time in seconds. */
  private static double runLoader(
      Path work,
      Path artifact,
      Path password,
      int parallelism,
      PgFixtures.Snapshot expected,
      String name,
      List<String> report,
      List<String> outputs)
      throws Exception {
    PgFixtures.settle();
    String loaderDb = PgFixtures.newTargetName("bench_loader");
    Path log = work.resolve("loader-" + outputs.size() + ".log");
    long t = System.nanoTime();
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Djava.io.tmpdir=" + work,
                    "-cp",
                    System.getProperty("java.class.path"),
                    LoaderMain.class.getName(),
                    artifact.toString(),
                    PgFixtures.server().jdbcUrl("postgres"),
                    PgFixtures.server().superuser(),
                    password.toString(),
                    loaderDb,
                    "bench",
                    Integer.toString(parallelism)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long peakRss = 0;
    while (!child.waitFor(200, TimeUnit.MILLISECONDS)) {
      peakRss = Math.max(peakRss, rssKb(child.pid()));
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    String output = Files.readString(log);
    assertThat(child.exitValue()).as(output).isZero();
    report.add(
        String.format(
            "%s -j %d (-Xmx256m): %.1f s, peak RSS %d MB",
            name, parallelism, seconds, peakRss / 1024));
    assertThat(PgFixtures.snapshot(loaderDb)).isEqualTo(expected);
    PgFixtures.server().dropDatabase(loaderDb);
    outputs.add(name + ":\n" + output);
    return seconds;
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // the process just ended
    }
    return 0;
  }

  private static String secs(long start) {
    return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
  }

  private static String mb(long bytes) {
    return String.format("%.0f MB", bytes / 1e6);
  }
}
