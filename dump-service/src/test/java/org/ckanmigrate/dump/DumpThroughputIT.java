package org.ckanmigrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.common.spec.SourceSpec;
import org.ckanmigrate.common.spec.SshEndpoint;
import org.ckanmigrate.testsupport.postgres.PostgresServer;
import org.ckanmigrate.testsupport.postgres.TestDatabase;
import org.ckanmigrate.testsupport.ssh.SshKeys;
import org.ckanmigrate.testsupport.ssh.SshTestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the dump path, run on demand only: {@code ./mvnw -pl dump-service verify
 * -Dit.test=DumpThroughputIT -Dckan.bench.dump.mb=300}. Compares, for the same database, local
 * {@code pg_dump | gzip} (gzip's default level) with the dump over MINA SSHD (0, 1 and 2 jump
 * hosts) and each compression choice; prints MB/s of plain SQL.
 */
class DumpThroughputIT {

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void measureThroughput() throws Exception {
    String mb = System.getProperty("ckan.bench.dump.mb");
    Assumptions.assumeTrue(mb != null, "set -Dckan.bench.dump.mb=N to run the dump benchmark");
    PostgresServer postgres = PostgresServer.shared();
    try (TestDatabase db = postgres.createDatabase("dump_bench")) {
      long rows = Long.parseLong(mb) * 1_000_000L / 150;
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE package (id text, name text, notes text, modified timestamp, n int)");
        s.execute(
            "INSERT INTO package SELECT md5(i::text), 'dataset-' || i, 'Notes about dataset ' || i"
                + " || ' from the ' || (ARRAY['Cabinet Office', 'Environment Agency',"
                + " 'Ordnance Survey', 'NHS Digital'])[1 + i % 4] || E' register\\t'"
                + " || md5((i * 7)::text) || ' ' || (i * 37 % 100000),"
                + " timestamp '2014-01-01' + i * interval '1 second', i FROM generate_series(1, "
                + rows
                + ") i");
      }
      List<String> report = new ArrayList<>();
      report.add(local(postgres, db, "pg_dump -x -O | gzip (level 6)", "| gzip"));
      report.add(local(postgres, db, "pg_dump -x -O | gzip -1", "| gzip -1"));
      report.add(local(postgres, db, "pg_dump -x -O > file (no compression)", ""));

      KeyPair key = SshKeys.generate();
      Path knownHosts = dir.resolve("known_hosts");
      Files.createFile(knownHosts);
      Path keyFile = SshKeys.writePrivateKey(key, dir.resolve("key"));
      try (SshTestServer j1 =
              SshTestServer.builder().authorizedKey(key.getPublic()).forwarding().start();
          SshTestServer j2 =
              SshTestServer.builder().authorizedKey(key.getPublic()).forwarding().start();
          SshTestServer host =
              SshTestServer.builder()
                  .authorizedKey(key.getPublic())
                  .environment(postgres.libpqEnv())
                  .start()) {
        for (SshTestServer s : List.of(j1, j2, host)) {
          s.writeKnownHosts(knownHosts);
        }
        SshEndpoint source = endpoint(host, keyFile, knownHosts);
        List<SshEndpoint> none = List.of();
        List<SshEndpoint> one = List.of(endpoint(j1, keyFile, knownHosts));
        List<SshEndpoint> two =
            List.of(endpoint(j1, keyFile, knownHosts), endpoint(j2, keyFile, knownHosts));
        viaSsh(postgres, db, source, none, "gzip:1"); // warm-up: JIT of ciphers and deflate path
        report.add(viaSsh(postgres, db, source, none, "gzip:1"));
        report.add(viaSsh(postgres, db, source, none, "gzip:6"));
        report.add(viaSsh(postgres, db, source, none, "none"));
        report.add(viaSsh(postgres, db, source, one, "gzip:1"));
        report.add(viaSsh(postgres, db, source, two, "gzip:1"));
        report.add(viaSsh(postgres, db, source, two, "none"));
      }
      System.out.println("DUMP BENCHMARK\n" + String.join("\n", report));
    }
  }

  private static SshEndpoint endpoint(SshTestServer server, Path key, Path knownHosts) {
    return new SshEndpoint(
        server.host(), server.port(), "bench", key.toString(), knownHosts.toString());
  }

  private String local(PostgresServer postgres, TestDatabase db, String label, String pipe)
      throws Exception {
    Path out = dir.resolve("local.out");
    String script = "set -o pipefail; \"$1\" -x -O -d \"$2\" " + pipe + " > \"$3\"";
    ProcessBuilder builder =
        new ProcessBuilder(
            "/bin/bash",
            "-c",
            script,
            "bench",
            postgres.tool("pg_dump").toString(),
            db.name(),
            out.toString());
    builder.environment().putAll(postgres.libpqEnv());
    builder.redirectErrorStream(true);
    long start = System.nanoTime();
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    double seconds = (System.nanoTime() - start) / 1e9;
    long size = Files.size(out);
    Files.delete(out);
    return String.format("%-45s %7.2f s  artifact %8.1f MB", label, seconds, size / 1e6);
  }

  private String viaSsh(
      PostgresServer postgres,
      TestDatabase db,
      SshEndpoint source,
      List<SshEndpoint> jumps,
      String compression)
      throws Exception {
    Path artifacts = dir.resolve("artifacts");
    SourceSpec spec =
        new SourceSpec(
            source,
            jumps,
            db.name(),
            null,
            compression,
            artifacts.toString(),
            postgres.tool("pg_dump").toString(),
            null,
            null,
            null);
    long start = System.nanoTime();
    DumpResult result =
        new DumpExecutor(DumpSettings.defaults())
            .dump(spec, "bench-" + System.nanoTime(), DumpControl.NONE);
    double seconds = (System.nanoTime() - start) / 1e9;
    long plain = result.manifest().uncompressedBytes();
    Files.delete(result.artifact());
    return String.format(
        "%-45s %7.2f s  artifact %8.1f MB  %6.1f MB/s plain",
        "MINA SSHD, " + jumps.size() + " jump hosts, " + compression,
        seconds,
        result.manifest().sizeBytes() / 1e6,
        plain / 1e6 / seconds);
  }
}
