package org.ckanmigrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.dump.ssh.PgDumpCommand;
import org.ckanmigrate.ssh.RemoteExec;
import org.ckanmigrate.ssh.SshConnection;
import org.ckanmigrate.ssh.SshTimeouts;
import org.ckanmigrate.ssh.StdoutChunks;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.testsupport.ssh.OpenSshServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dump benchmark of docs/benchmarks/dump.md, run on demand only:
 *
 * <pre>
 * flock /tmp/ckan-bench.lock ./mvnw -B -o -pl dump-service verify -Dit.test=DumpBenchmarkIT \
 *     -Dckan.bench.dump.datasets=50000
 * </pre>
 *
 * <p>Generates a 2.2-era catalogue, starts a private OpenSSH {@code sshd} on a loopback port (its
 * own config, host key and authorized_keys; only {@code aes128-gcm@openssh.com} allowed, so both
 * clients use the same cipher) and dumps the same database through it, side by side: the OpenSSH
 * client ({@code ssh host pg_dump > /dev/null}) and our MINA SSHD client three ways (MINA's piped
 * stream, a stream MINA writes into, and {@code execChunked}, what {@link DumpExecutor} reads),
 * alternating for {@code -Dckan.bench.dump.rounds} rounds (default 5) after one untimed warm-up,
 * with each client's CPU time; the SSH transport alone (1 GB of zeros); then to a file, and this
 * service's {@link DumpExecutor} with each compression choice next to {@code pg_dump | gzip}
 * (gzip's default level 6) run remotely through OpenSSH, the command this service replaces. Needs
 * Debian's openssh-server ({@code /usr/sbin/sshd}, started by {@link OpenSshServer}) and the
 * OpenSSH client; prints a report to stdout.
 */
class DumpBenchmarkIT {

  private static final String CIPHER = "aes128-gcm@openssh.com";
  private static final int ROUNDS = Integer.getInteger("ckan.bench.dump.rounds", 5);

  @TempDir Path dir;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void dumpThroughputAgainstOpenSsh() throws Exception {
    String datasets = System.getProperty("ckan.bench.dump.datasets");
    Assumptions.assumeTrue(
        datasets != null, "set -Dckan.bench.dump.datasets=N to run the dump benchmark");
    OpenSshServer.assumeAvailable();
    PostgresServer postgres = PostgresServer.shared();
    List<String> report = new ArrayList<>();
    try (TestDatabase db = postgres.createDatabase("dump_bench")) {
      long t = System.nanoTime();
      try (Connection c = db.connect()) {
        CatalogueGenerator.builder()
            .era(CkanEra.parse("2.2"))
            .datasets(Integer.parseInt(datasets))
            .seed(1)
            .build()
            .generate(c);
      }
      report.add(String.format("generate %s datasets (era 2.2): %.1f s", datasets, secs(t)));

      KeyPair key = SshKeys.generate();
      Path keyFile = SshKeys.writePrivateKey(key, dir.resolve("client_key"));
      try (OpenSshServer sshd =
          OpenSshServer.builder(dir.resolve("sshd"))
              .authorizedKey(key.getPublic())
              .config("Ciphers " + CIPHER)
              .start()) {
        String user = sshd.user();
        SshEndpoint endpoint =
            new SshEndpoint(
                "127.0.0.1", sshd.port(), user, keyFile.toString(), sshd.knownHosts().toString());
        SourceSpec spec =
            new SourceSpec(
                endpoint,
                List.of(),
                db.name(),
                null,
                "none",
                dir.resolve("artifacts").toString(),
                postgres.tool("pg_dump").toString(),
                postgres.host(),
                postgres.port(),
                postgres.superuser());
        // The same remote command for every client: pg_dump's own connection options, no env.
        String command = PgDumpCommand.of(spec).commandLine();
        List<String> ssh =
            List.of(
                "ssh",
                "-F",
                "/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + sshd.knownHosts(),
                "-c",
                CIPHER,
                "-i",
                keyFile.toString(),
                "-p",
                Integer.toString(sshd.port()),
                user + "@127.0.0.1");

        Path plainFile = dir.resolve("plain.sql");
        t = System.nanoTime();
        run(local(postgres, command + " > " + plainFile));
        double localSeconds = secs(t);
        long plain = Files.size(plainFile);
        Files.delete(plainFile);
        report.add(
            String.format(
                "plain dump: %.1f MB (local pg_dump to a file: %.2f s, %.0f MB/s)",
                plain / 1e6, localSeconds, plain / 1e6 / localSeconds));
        report.add(
            String.format(
                "%-52s %8s %9s %10s %8s", "run", "wall s", "MB/s", "artifact", "vs ssh|gzip"));

        // Streaming only: the same pg_dump through each client, output discarded, alternating.
        // One untimed round first: the service is long-running, its JIT is warm.
        runOpenSsh(ssh, command, null);
        for (Mode mode : Mode.values()) {
          minaToNothing(endpoint, command, mode);
        }
        List<double[]> openSsh = new ArrayList<>();
        List<double[]> mina = new ArrayList<>();
        List<double[]> minaPush = new ArrayList<>();
        List<double[]> minaChunks = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
          t = System.nanoTime();
          double cpu = runOpenSsh(ssh, command, null);
          openSsh.add(new double[] {secs(t), cpu});
          report.add(row("OpenSSH ssh > /dev/null, round " + round, plain, t, cpu));
          long cpu0 = processCpuNanos();
          t = System.nanoTime();
          long read = minaToNothing(endpoint, command, Mode.PIPE);
          cpu = (processCpuNanos() - cpu0) / 1e9;
          mina.add(new double[] {secs(t), cpu});
          assertThat(read).isBetween(plain - 200, plain + 200); // \restrict key differs per run
          report.add(row("MINA client, read from stdout(), round " + round, plain, t, cpu));
          cpu0 = processCpuNanos();
          t = System.nanoTime();
          read = minaToNothing(endpoint, command, Mode.SET_OUT);
          cpu = (processCpuNanos() - cpu0) / 1e9;
          minaPush.add(new double[] {secs(t), cpu});
          assertThat(read).isBetween(plain - 200, plain + 200);
          report.add(
              row("MINA client, pushed to a stream (setOut), round " + round, plain, t, cpu));
          cpu0 = processCpuNanos();
          t = System.nanoTime();
          read = minaToNothing(endpoint, command, Mode.CHUNKS);
          cpu = (processCpuNanos() - cpu0) / 1e9;
          minaChunks.add(new double[] {secs(t), cpu});
          assertThat(read).isBetween(plain - 200, plain + 200);
          report.add(row("MINA client, execChunked (DumpExecutor), round " + round, plain, t, cpu));
        }
        report.add(summary("OpenSSH", plain, openSsh));
        report.add(summary("MINA stdout()", plain, mina));
        report.add(summary("MINA setOut", plain, minaPush));
        report.add(summary("MINA chunks", plain, minaChunks));
        report.add(
            String.format(
                "MINA/OpenSSH throughput, median of %d: stdout() %.2f, setOut %.2f, execChunked"
                    + " %.2f",
                ROUNDS,
                median(openSsh, 0) / median(mina, 0),
                median(openSsh, 0) / median(minaPush, 0),
                median(openSsh, 0) / median(minaChunks, 0)));

        // The SSH transport alone: 1 GB of zeros, no pg_dump or PostgreSQL competing for CPU.
        String zeros = "head -c 1000000000 /dev/zero";
        for (int round = 1; round <= 2; round++) {
          t = System.nanoTime();
          double cpu = runOpenSsh(ssh, zeros, null);
          report.add(row("transport only: OpenSSH, 1 GB of zeros", 1_000_000_000L, t, cpu));
          long cpu0 = processCpuNanos();
          t = System.nanoTime();
          minaToNothing(endpoint, zeros, Mode.PIPE);
          report.add(
              row(
                  "transport only: MINA stdout(), 1 GB of zeros",
                  1_000_000_000L,
                  t,
                  (processCpuNanos() - cpu0) / 1e9));
          cpu0 = processCpuNanos();
          t = System.nanoTime();
          minaToNothing(endpoint, zeros, Mode.SET_OUT);
          report.add(
              row(
                  "transport only: MINA setOut, 1 GB of zeros",
                  1_000_000_000L,
                  t,
                  (processCpuNanos() - cpu0) / 1e9));
          cpu0 = processCpuNanos();
          t = System.nanoTime();
          minaToNothing(endpoint, zeros, Mode.CHUNKS);
          report.add(
              row(
                  "transport only: MINA execChunked, 1 GB of zeros",
                  1_000_000_000L,
                  t,
                  (processCpuNanos() - cpu0) / 1e9));
        }

        // To the artifact: OpenSSH to a file vs this service uncompressed, then every codec.
        Path file = dir.resolve("openssh.sql");
        t = System.nanoTime();
        runOpenSsh(ssh, command, file);
        report.add(row("OpenSSH ssh > file", plain, t, Files.size(file)));
        Files.delete(file);

        Path gz = dir.resolve("openssh.sql.gz");
        t = System.nanoTime();
        runOpenSsh(ssh, "set -o pipefail; " + command + " | gzip", gz);
        double gzipSeconds = secs(t);
        report.add(
            row("OpenSSH ssh 'pg_dump | gzip' (level 6), baseline", plain, t, Files.size(gz)));
        Files.delete(gz);

        t = System.nanoTime();
        run(local(postgres, "set -o pipefail; " + command + " | gzip > " + gz));
        report.add(
            row("local pg_dump | gzip (level 6), no SSH", plain, t, Files.size(gz), gzipSeconds));
        Files.delete(gz);

        for (String codec : List.of("none", "lz4", "zstd:1", "zstd:3", "gzip:1", "gzip:6")) {
          SourceSpec withCodec =
              new SourceSpec(
                  endpoint,
                  List.of(),
                  db.name(),
                  null,
                  codec,
                  spec.artifactDir(),
                  spec.pgDumpPath(),
                  spec.pgHost(),
                  spec.pgPort(),
                  spec.pgUser());
          t = System.nanoTime();
          DumpResult result =
              new DumpExecutor(DumpSettings.defaults())
                  .dump(withCodec, "bench-" + System.nanoTime(), DumpControl.NONE);
          assertThat(result.manifest().uncompressedBytes()).isBetween(plain - 200, plain + 200);
          report.add(
              row(
                  "DumpExecutor (MINA) -> artifact, " + codec,
                  plain,
                  t,
                  result.manifest().sizeBytes(),
                  gzipSeconds));
          Files.delete(result.artifact());
        }
      }
    }
    System.out.println("DUMP BENCHMARK\n" + String.join("\n", report));
  }

  /** How the MINA client takes a command's stdout. */
  private enum Mode {
    /** {@link RemoteExec#stdout()}: MINA's piped stream (what DumpExecutor read until Nov 2026). */
    PIPE,
    /** {@code ChannelExec.setOut}: MINA's I/O thread writes into a stream. */
    SET_OUT,
    /** {@link SshConnection#execChunked}: chunks handed to this thread, as DumpExecutor reads. */
    CHUNKS
  }

  /** Runs the command over our SSH client and throws its output away; returns the byte count. */
  private static long minaToNothing(SshEndpoint endpoint, String command, Mode mode)
      throws Exception {
    try (SshConnection connection =
        SshConnection.open(endpoint, List.of(), SshTimeouts.defaults(Duration.ofMinutes(5)))) {
      if (mode == Mode.CHUNKS) {
        try (RemoteExec exec = connection.execChunked(command)) {
          long[] total = new long[1];
          StdoutChunks chunks = exec.stdoutChunks();
          while (chunks.drain((b, off, len) -> total[0] += len, Duration.ofMinutes(1)) >= 0) {
            // to the end
          }
          exec.awaitClosed(Duration.ofSeconds(30));
          assertThat(exec.exitStatus()).as(exec.stderr()).isEqualTo(0);
          return total[0];
        }
      }
      if (mode == Mode.SET_OUT) {
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        OutputStream sink =
            new OutputStream() {
              @Override
              public void write(int b) {
                total.incrementAndGet();
              }

              @Override
              public void write(byte[] b, int off, int len) {
                total.addAndGet(len);
              }
            };
        try (RemoteExec exec = connection.exec(command, sink, OutputStream.nullOutputStream())) {
          assertThat(exec.awaitClosed(Duration.ofMinutes(5))).isTrue();
          assertThat(exec.exitStatus()).isEqualTo(0);
        }
        return total.get();
      }
      try (RemoteExec exec = connection.exec(command)) {
        byte[] buffer = new byte[256 * 1024];
        InputStream out = exec.stdout();
        long total = 0;
        for (int n; (n = out.read(buffer)) >= 0; ) {
          total += n;
        }
        exec.awaitClosed(Duration.ofSeconds(30));
        assertThat(exec.exitStatus()).as(exec.stderr()).isEqualTo(0);
        return total;
      }
    }
  }

  /** CPU seconds of this JVM so far (all threads: SSH I/O, cipher, JIT, GC). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Runs the OpenSSH client (stdout to {@code output}, or discarded); returns its CPU seconds (user
   * + system) as measured by GNU time.
   */
  private double runOpenSsh(List<String> ssh, String remote, Path output) throws Exception {
    Path times = dir.resolve("ssh.time");
    List<String> all =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
    all.addAll(ssh);
    all.add(remote);
    run(all, output);
    String[] cpu = Files.readString(times).strip().split("\\s+");
    return Double.parseDouble(cpu[cpu.length - 2]) + Double.parseDouble(cpu[cpu.length - 1]);
  }

  private static String summary(String client, long plain, List<double[]> runs) {
    return String.format(
        "%-14s median %6.2f s = %6.1f MB/s (best %6.1f MB/s), client CPU median %5.2f s",
        client,
        median(runs, 0),
        plain / 1e6 / median(runs, 0),
        plain / 1e6 / runs.stream().mapToDouble(r -> r[0]).min().orElseThrow(),
        median(runs, 1));
  }

  private static double median(List<double[]> runs, int field) {
    double[] v = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static ProcessBuilder local(PostgresServer postgres, String script) {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", script);
    builder.environment().putAll(postgres.libpqEnv());
    return builder;
  }

  private static void run(ProcessBuilder builder) throws Exception {
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.PIPE);
    Process p = builder.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
  }

  private static void run(List<String> command, Path output) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectOutput(
        output == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(output.toFile()));
    builder.redirectError(ProcessBuilder.Redirect.PIPE);
    Process p = builder.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String row(String label, long plain, long startNanos, double cpu) {
    double s = secs(startNanos);
    return String.format("%-52s %8.2f %9.1f   client CPU %5.2f s", label, s, plain / 1e6 / s, cpu);
  }

  private static String row(String label, long plain, long startNanos, long artifact) {
    double s = secs(startNanos);
    return String.format("%-52s %8.2f %9.1f %8.1f MB", label, s, plain / 1e6 / s, artifact / 1e6);
  }

  private static String row(
      String label, long plain, long startNanos, long artifact, double gzipSeconds) {
    double s = secs(startNanos);
    return String.format(
        "%-52s %8.2f %9.1f %8.1f MB %7.2fx",
        label, s, plain / 1e6 / s, artifact / 1e6, gzipSeconds / s);
  }
}
