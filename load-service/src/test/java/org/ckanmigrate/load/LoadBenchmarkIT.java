package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/benchmarks/load.md: a generated CKAN catalogue dump loaded three ways into the same server,
 * side by side. Runs only when {@code -Dckan.benchmark.datasets=N} is given:
 *
 * <pre>
 * ./mvnw -B -o -pl load-service verify -Dit.test=LoadBenchmarkIT -Dckan.benchmark.datasets=60000 \
 *     -Dckan.benchmark.rounds=3
 * </pre>
 *
 * The loader runs in its own JVM with a small heap ({@code -Xmx256m}), which shows memory stays
 * bounded whatever the dump size; its peak resident set is sampled from /proc. Every measurement
 * also records the machine's busy CPU seconds (/proc/stat), because on a small machine the wall
 * time any client can reach is bounded by the server's CPU work divided by the cores.
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
    Path members = work.resolve("members").resolve("catalogue.sql" + Codec.DEFAULT.suffix());
    Path custom = work.resolve("catalogue.custom");
    long sqlBytes;
    try (TestDatabase source = PgFixtures.server().createDatabase("bench_source")) {
      long t = System.nanoTime();
      try (Connection c = source.connect()) {
        CatalogueGenerator.builder()
            .era(CkanEra.parse("2.9"))
            .datasets(Integer.parseInt(datasets))
            .seed(1)
            // -Dckan.benchmark.spatial=true: a ckanext-spatial portal (PostGIS, tiger geocoder)
            .spatial(Boolean.getBoolean("ckan.benchmark.spatial"))
            .build()
            .generate(c);
      }
      report.add("generate " + datasets + " datasets: " + secs(t));
      Path plain = PgFixtures.pgDump(source.name(), work.resolve("catalogue.sql"));
      sqlBytes = Files.size(plain);
      t = System.nanoTime();
      PgFixtures.run(List.of("bash", "-c", "gzip -1 -c '" + plain + "' > '" + gz + "'"));
      report.add("gzip -1: " + secs(t) + ", " + mb(Files.size(gz)));
      // What the dump phase hands the loader by default: members in its default codec (one run
      // per COPY block, 1 MB each) and a manifest recording where each table's members are.
      t = System.nanoTime();
      DumpPhaseArtifact.write(
          Files.readAllBytes(plain), Codec.DEFAULT, 1 << 20, members, "bench_source", true);
      report.add(
          "dump-phase layout ("
              + Codec.DEFAULT
              + " members): "
              + secs(t)
              + ", "
              + mb(Files.size(members)));
      Files.delete(plain);
      PgFixtures.pgDump(source.name(), custom, "-Fc");
      report.add("plain SQL " + mb(sqlBytes) + ", custom " + mb(Files.size(custom)));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    // -Dckan.benchmark.rounds=3: the four loads run interleaved, round after round, so a slow
    // spell of the machine hits all of them; the verdict uses each one's median.
    int rounds = Integer.getInteger("ckan.benchmark.rounds", 1);
    Path password = Files.writeString(work.resolve("pw"), PgFixtures.server().password());
    List<String> outputs = new ArrayList<>();
    List<Measured> psqls = new ArrayList<>();
    List<Measured> restores = new ArrayList<>();
    List<Measured> loaders = new ArrayList<>();
    List<Measured> loadersMembers = new ArrayList<>();
    // -Dckan.benchmark.load.variant=name=value,...: one more loader run per round from the
    // members, with these session settings on top of the defaults (an A/B in the same run).
    String variant = System.getProperty("ckan.benchmark.load.variant", "");
    List<Measured> variants = new ArrayList<>();
    PgFixtures.Snapshot expected = null;
    for (int round = 1; round <= rounds; round++) {
      report.add("round " + round + " of " + rounds + ":");
      // psql: one session, one transaction, stops at the first error.
      String psqlDb = PgFixtures.newTargetName("bench_psql");
      PgFixtures.exec("postgres", "CREATE DATABASE " + psqlDb);
      Measured psql =
          measure(
              "gunzip | psql -1",
              () ->
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
                              + " > /dev/null")));
      report.add("  " + psql);
      psqls.add(psql);
      PgFixtures.Snapshot snapshot = PgFixtures.snapshot(psqlDb);
      if (expected == null) {
        expected = snapshot;
      }
      assertThat(snapshot).isEqualTo(expected);
      PgFixtures.server().dropDatabase(psqlDb);

      // pg_restore -j 2 from the custom-format dump.
      String restoreDb = PgFixtures.newTargetName("bench_restore");
      PgFixtures.exec("postgres", "CREATE DATABASE " + restoreDb);
      Measured restore =
          measure(
              "pg_restore -j 2",
              () ->
                  PgFixtures.run(
                      List.of(
                          PgFixtures.server().tool("pg_restore").toString(),
                          "-j",
                          "2",
                          "-O",
                          "-x",
                          "-d",
                          restoreDb,
                          custom.toString())));
      report.add("  " + restore);
      restores.add(restore);
      PgFixtures.server().dropDatabase(restoreDb);

      // This loader, in its own JVM with a small heap: from the same gzip file as psql (no
      // manifest: the decompressed dump is spooled as it is read, for the parallel workers), and
      // from what the dump phase writes by default.
      loaders.add(
          runLoader(
              work,
              gz,
              password,
              parallelism,
              expected,
              "loader (gzip -1 file)",
              report,
              outputs,
              List.of()));
      loadersMembers.add(
          runLoader(
              work,
              members,
              password,
              parallelism,
              expected,
              "loader (dump-phase " + Codec.DEFAULT + " members + manifest)",
              report,
              outputs,
              List.of()));
      if (!variant.isBlank()) {
        variants.add(
            runLoader(
                work,
                members,
                password,
                parallelism,
                expected,
                "loader (members, session settings " + variant + ")",
                report,
                outputs,
                List.of("-Dckan.loader.settings=" + variant)));
      }
    }
    Measured psql = Measured.median(psqls);
    Measured restore = Measured.median(restores);
    Measured loader = Measured.median(loaders);
    Measured loaderMembers = Measured.median(loadersMembers);
    report.add("medians of " + rounds + " round(s) (wall and CPU each on its own):");
    for (Measured m : List.of(psql, restore, loader, loaderMembers)) {
      report.add("  " + m);
    }
    if (!variants.isEmpty()) {
      Measured v = Measured.median(variants);
      report.add("  " + v);
      report.add(
          String.format(
              "variant / members: wall %.2f, machine CPU %.2f; variant CPU / psql's %.2f,"
                  + " variant wall / pg_restore's %.2f",
              v.wall() / loaderMembers.wall(),
              v.cpu() / loaderMembers.cpu(),
              v.cpu() / psql.cpu(),
              v.wall() / restore.wall()));
    }
    report.add(
        String.format(
            "loader vs psql: %.2fx faster (gzip file), %.2fx (members)",
            psql.wall() / loader.wall(), psql.wall() / loaderMembers.wall()));
    report.add(
        String.format(
            "loader / pg_restore -j 2: %.2f (gzip file), %.2f (members)",
            loader.wall() / restore.wall(), loaderMembers.wall() / restore.wall()));
    report.add(
        String.format(
            "loader machine CPU / psql's: %.2f (gzip file), %.2f (members)",
            loader.cpu() / psql.cpu(), loaderMembers.cpu() / psql.cpu()));
    // The least CPU any of the four needed, spread perfectly over every core, is the shortest
    // wall time a client doing the same server work could reach on this machine.
    double leastCpu =
        Math.min(Math.min(psql.cpu(), restore.cpu()), Math.min(loader.cpu(), loaderMembers.cpu()));
    report.add(
        String.format(
            "CPU bound: the least CPU used, %.1f s over %d cores = %.1f s wall at best,"
                + " i.e. at most %.2fx faster than psql",
            leastCpu, cores, leastCpu / cores, psql.wall() / (leastCpu / cores)));
    System.out.println("LOAD BENCHMARK\n  " + String.join("\n  ", report));
    System.out.println("LOADER OUTPUT\n" + String.join("\n", outputs));
  }

  /** Wall time and the whole machine's busy CPU time of one measurement, in seconds. */
  record Measured(String name, double wall, double cpu) {
    @Override
    public String toString() {
      return String.format(
          "%s: %.1f s, machine CPU %.1f s (%.2f cores busy)", name, wall, cpu, cpu / wall);
    }

    /** The median wall time and, separately, the median CPU time of several rounds. */
    static Measured median(List<Measured> rounds) {
      double[] walls = rounds.stream().mapToDouble(Measured::wall).sorted().toArray();
      double[] cpus = rounds.stream().mapToDouble(Measured::cpu).sorted().toArray();
      return new Measured(rounds.get(0).name(), middle(walls), middle(cpus));
    }

    private static double middle(double[] sorted) {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }

  interface Step {
    void run() throws Exception;
  }

  /** Settles the server (no autovacuum busy, CHECKPOINT) so no measurement pays for the last. */
  private static Measured measure(String name, Step step) throws Exception {
    PgFixtures.settle();
    double cpu = busyCpuSeconds();
    long t = System.nanoTime();
    step.run();
    double wall = (System.nanoTime() - t) / 1e9;
    return new Measured(name, wall, busyCpuSeconds() - cpu);
  }

  /** Busy time of all cores since boot (/proc/stat's first line minus idle and iowait). */
  private static double busyCpuSeconds() throws Exception {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy / 100.0; // USER_HZ is 100 on Linux
  }

  /** Runs the loader in its own JVM with a small heap and {@code jvmOptions}. */
  private static Measured runLoader(
      Path work,
      Path artifact,
      Path password,
      int parallelism,
      PgFixtures.Snapshot expected,
      String name,
      List<String> report,
      List<String> outputs,
      List<String> jvmOptions)
      throws Exception {
    String loaderDb = PgFixtures.newTargetName("bench_loader");
    Path log = work.resolve("loader-" + outputs.size() + ".log");
    long[] peakRss = {0};
    Process[] child = {null};
    Measured measured =
        measure(
            name,
            () -> {
              child[0] =
                  new ProcessBuilder(
                          LoaderMain.command(
                              Stream.concat(
                                      Stream.of("-Xmx256m", "-Djava.io.tmpdir=" + work),
                                      jvmOptions.stream())
                                  .toList(),
                              artifact,
                              password,
                              loaderDb,
                              "bench",
                              Integer.toString(parallelism)))
                      .redirectErrorStream(true)
                      .redirectOutput(log.toFile())
                      .start();
              while (!child[0].waitFor(200, TimeUnit.MILLISECONDS)) {
                peakRss[0] = Math.max(peakRss[0], rssKb(child[0].pid()));
              }
            });
    String output = Files.readString(log);
    assertThat(child[0].exitValue()).as(output).isZero();
    long cpuMs = reported(output, LoaderMain.CPU_LINE);
    long heap = reported(output, LoaderMain.HEAP_LINE);
    report.add(
        String.format(
            "%s -j %d (-Xmx256m), peak RSS %d MB, peak heap pools %d MB, the loader JVM's own CPU"
                + " %.1f s",
            measured, parallelism, peakRss[0] / 1024, heap >> 20, cpuMs / 1e3));
    assertThat(PgFixtures.snapshot(loaderDb)).isEqualTo(expected);
    PgFixtures.server().dropDatabase(loaderDb);
    outputs.add(name + ":\n" + output);
    return measured;
  }

  /** A number the loader printed after the given prefix. */
  private static long reported(String output, String prefix) {
    return output
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(prefix.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the loader did not print " + prefix));
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
