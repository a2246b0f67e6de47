package org.ckanmigrate.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CatalogueStats;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.ckanmigrate.stack.ssh.TcpProxy;
import org.ckanmigrate.testsupport.process.ChildJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real pg_dump, real PostgreSQL, real SSH (in-process MINA SSHD servers as jump and source). */
class DumpExecutorIT {

  private static final int PACKAGES = 3000;
  private static PostgresServer postgres;
  private static TestDatabase source;

  @TempDir Path dir;
  private final KeyPair sourceKey = SshKeys.generate();
  private final KeyPair jumpKey = SshKeys.generate();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Path knownHosts;
  private Path artifacts;
  private String runId;

  @BeforeAll
  static void createSource() throws Exception {
    postgres = PostgresServer.shared();
    source = SourceDatabase.create(postgres, PACKAGES);
  }

  @AfterAll
  static void dropSource() {
    source.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    knownHosts = dir.resolve("known_hosts");
    Files.createFile(knownHosts);
    artifacts = dir.resolve("artifacts");
    runId = java.util.UUID.randomUUID().toString();
  }

  @AfterEach
  void closeServers() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private SshTestServer.Builder sourceServer() {
    return SshTestServer.builder()
        .authorizedKey(sourceKey.getPublic())
        .environment(postgres.libpqEnv());
  }

  private SshTestServer jumpServer() {
    return closeLater(
        SshTestServer.builder().authorizedKey(jumpKey.getPublic()).forwarding().start());
  }

  private SshEndpoint endpoint(String host, int port, KeyPair key, String name) {
    Path keyFile = SshKeys.writePrivateKey(key, dir.resolve(name + "_key"));
    return new SshEndpoint(host, port, "ckan", keyFile.toString(), knownHosts.toString());
  }

  private SshEndpoint sourceEndpoint(SshTestServer server) {
    return endpoint(server.host(), server.port(), sourceKey, "source");
  }

  private SshEndpoint jumpEndpoint(SshTestServer jump) {
    return endpoint(jump.host(), jump.port(), jumpKey, "jump-" + jump.port());
  }

  private SourceSpec spec(
      SshEndpoint ssh, List<SshEndpoint> jumps, String database, String compression) {
    return new SourceSpec(
        ssh,
        jumps,
        database,
        null,
        compression,
        artifacts.toString(),
        postgres.tool("pg_dump").toString(),
        null,
        null,
        null);
  }

  private static DumpSettings settings(UnaryOperator<DumpSettings> change) {
    return change.apply(
        new DumpSettings(
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            3,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1)));
  }

  static final DumpSettings TEST = settings(s -> s);

  private DumpResult dump(SourceSpec spec) throws DumpFailedException {
    return new DumpExecutor(TEST).dump(spec, runId, DumpControl.NONE);
  }

  private List<Path> filesUnder(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private void assertFailsWith(
      ErrorCode code, SourceSpec spec, DumpSettings settings, String... message) {
    assertThatThrownBy(() -> new DumpExecutor(settings).dump(spec, runId, DumpControl.NONE))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> {
              assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
              if (message.length > 0) {
                assertThat(e.getMessage()).contains(message);
              }
            });
  }

  @Test
  void dumpThroughOneJumpHostLoadsIntoAnIdenticalDatabaseAndTheManifestCountsMatch()
      throws Exception {
    SshTestServer jump = jumpServer();
    SshTestServer host = closeLater(sourceServer().start());
    jump.writeKnownHosts(knownHosts);
    host.writeKnownHosts(knownHosts);

    DumpResult result =
        dump(spec(sourceEndpoint(host), List.of(jumpEndpoint(jump)), source.name(), null));

    assertThat(result.reused()).isFalse();
    assertThat(result.artifact())
        .isEqualTo(artifacts.resolve(runId).resolve(source.name() + ".sql.zst"));
    assertThat(jump.directTcpip()).containsExactly(host.host() + ":" + host.port());
    assertThat(jump.commands()).isEmpty();
    assertThat(host.commands()).filteredOn(c -> c.contains("pg_dump")).hasSize(1);
    assertThat(filesUnder(artifacts))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(source.name() + ".sql.zst", source.name() + ".manifest.json");

    DumpManifest manifest = result.manifest();
    assertThat(manifest.sha256()).isEqualTo(sha256(result.artifact()));
    assertThat(manifest.sizeBytes()).isEqualTo(Files.size(result.artifact()));
    assertThat(manifest.compression()).isEqualTo("zstd:1"); // the default
    assertThat(manifest.pgDumpVersion()).startsWith("15.");
    assertThat(manifest.serverVersion()).isNotBlank();
    assertThat(manifest.sourceSystemIdentifier()).isEqualTo(systemIdentifier(source));
    assertThat(manifest.sourceHost()).isEqualTo("ckan@127.0.0.1:" + host.port());
    assertThat(manifest.jumpHosts()).containsExactly("ckan@127.0.0.1:" + jump.port());
    Map<String, Long> manifestRows =
        manifest.tables().stream()
            .collect(Collectors.toMap(DumpManifest.TableCopy::table, DumpManifest.TableCopy::rows));
    assertThat(manifestRows).isEqualTo(SourceDatabase.counts(source));
    assertThat(manifest.totalRows()).isEqualTo(PACKAGES * 3L + 3);
    assertThat(DumpManifest.read(result.manifestFile())).isEqualTo(manifest);

    try (TestDatabase copy = postgres.createDatabase("dump_copy")) {
      SourceDatabase.loadWithPsql(postgres, result.artifact(), copy);
      assertThat(SourceDatabase.fingerprint(copy)).isEqualTo(SourceDatabase.fingerprint(source));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lz4", "gzip:1", "zstd:3"})
  void everyCodecsArtifactLoadsThroughItsOwnCommandLineToolIntoAnIdenticalDatabase(String codec)
      throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);

    DumpResult result = dump(spec(sourceEndpoint(host), List.of(), source.name(), codec));

    assertThat(result.manifest().compression()).isEqualTo(codec);
    assertThat(result.artifact().getFileName().toString())
        .isEqualTo(source.name() + ".sql" + Codec.parse(codec).suffix());
    try (TestDatabase copy = postgres.createDatabase("dump_codec")) {
      SourceDatabase.loadWithPsql(
          postgres, result.artifact(), copy); // lz4 -dc, gunzip -c, zstd -dc
      assertThat(SourceDatabase.fingerprint(copy)).isEqualTo(SourceDatabase.fingerprint(source));
    }
  }

  @Test
  void dumpThroughTwoJumpHostsReachesTheSourceHopByHop() throws Exception {
    SshTestServer first = jumpServer();
    SshTestServer second = jumpServer();
    SshTestServer host = closeLater(sourceServer().start());
    for (SshTestServer s : List.of(first, second, host)) {
      s.writeKnownHosts(knownHosts);
    }

    DumpResult result =
        dump(
            spec(
                sourceEndpoint(host),
                List.of(jumpEndpoint(first), jumpEndpoint(second)),
                source.name(),
                "none"));

    assertThat(first.directTcpip()).containsExactly(second.host() + ":" + second.port());
    assertThat(second.directTcpip()).containsExactly(host.host() + ":" + host.port());
    assertThat(result.artifact().getFileName().toString()).isEqualTo(source.name() + ".sql");
    try (TestDatabase copy = postgres.createDatabase("dump_copy2")) {
      SourceDatabase.loadWithPsql(postgres, result.artifact(), copy);
      assertThat(SourceDatabase.fingerprint(copy)).isEqualTo(SourceDatabase.fingerprint(source));
    }
  }

  @Test
  void generated22EraCatalogueDumpedThroughTwoJumpHostsLoadsIntoAnIdenticalDatabase()
      throws Exception {
    try (TestDatabase catalogue = postgres.createDatabase("dump_ckan22")) {
      CatalogueStats stats;
      try (Connection c = catalogue.connect()) {
        stats =
            CatalogueGenerator.builder()
                .era(CkanEra.V2_2)
                .datasets(300)
                .seed(7)
                .build()
                .generate(c);
      }
      SshTestServer first = jumpServer();
      SshTestServer second = jumpServer();
      SshTestServer host = closeLater(sourceServer().start());
      for (SshTestServer s : List.of(first, second, host)) {
        s.writeKnownHosts(knownHosts);
      }

      DumpResult result =
          dump(
              spec(
                  sourceEndpoint(host),
                  List.of(jumpEndpoint(first), jumpEndpoint(second)),
                  catalogue.name(),
                  null));

      Map<String, Long> manifestRows =
          result.manifest().tables().stream()
              .collect(
                  Collectors.toMap(DumpManifest.TableCopy::table, DumpManifest.TableCopy::rows));
      assertThat(manifestRows).isEqualTo(SourceDatabase.countsAll(catalogue));
      assertThat(result.manifest().totalRows()).isEqualTo(stats.totalRows());
      try (TestDatabase copy = postgres.createDatabase("dump_ckan22_copy")) {
        SourceDatabase.loadWithPsql(postgres, result.artifact(), copy);
        assertThat(SourceDatabase.fingerprintAll(copy))
            .isEqualTo(SourceDatabase.fingerprintAll(catalogue));
      }
    }
  }

  @Test
  void fullArtifactDirectoryFailsAsNoSpaceAndLeavesNothing() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
            .redirectErrorStream(true)
            .start();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "needs root to mount a small tmpfs");
    try {
      SshTestServer host = closeLater(sourceServer().start());
      host.writeKnownHosts(knownHosts);
      SourceSpec spec = spec(sourceEndpoint(host), List.of(), source.name(), "none");
      SourceSpec onSmallDisk =
          new SourceSpec(
              spec.ssh(),
              spec.jumpHosts(),
              spec.database(),
              spec.pgDumpOptions(),
              spec.compression(),
              small.toString(),
              spec.pgDumpPath(),
              null,
              null,
              null);
      assertFailsWith(ErrorCode.NO_SPACE, onSmallDisk, TEST, "no space left in");
      assertThat(filesUnder(small)).isEmpty();
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachTablesMemberCanBeDecompressedFromItsRecordedOffset() throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);
    DumpResult result = dump(spec(sourceEndpoint(host), List.of(), source.name(), "gzip:6"));

    for (DumpManifest.TableCopy table : result.manifest().tables()) {
      try (RandomAccessFile file = new RandomAccessFile(result.artifact().toFile(), "r")) {
        file.seek(table.offset());
        InputStream member =
            new java.io.BufferedInputStream(Channels.newInputStream(file.getChannel()));
        try (GZIPInputStream in = new GZIPInputStream(member)) {
          byte[] head = in.readNBytes(5 + table.table().length());
          assertThat(new String(head, StandardCharsets.UTF_8)).isEqualTo("COPY " + table.table());
        }
      }
    }
  }

  @Test
  void aRepeatedRequestForTheSameRunReturnsTheEarlierDumpWithoutDumpingAgain() throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);
    SourceSpec spec = spec(sourceEndpoint(host), List.of(), source.name(), null);
    DumpResult first = dump(spec);
    DumpResult second = dump(spec);
    assertThat(second.reused()).isTrue();
    assertThat(second.manifest()).isEqualTo(first.manifest());
    assertThat(host.commands()).filteredOn(c -> c.contains("pg_dump")).hasSize(1);
  }

  @Test
  void aDumpKilledRightAfterItsArtifactRenameIsNotTakenAsCompleteAndTheResumeDumpsItWhole()
      throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);
    SourceSpec spec = spec(sourceEndpoint(host), List.of(), source.name(), null);
    ChildJvm.Exit halted =
        ChildJvm.run(
            DumpMain.command(
                List.of("-D" + CrashPoints.PROPERTY + "=dump.artifact-renamed"),
                spec,
                dir.resolve("spec.json"),
                runId),
            dir.resolve("child.log"),
            Duration.ofMinutes(2));
    assertThat(halted.output()).contains("halting at crash point dump.artifact-renamed");
    assertThat(halted.status()).isEqualTo(CrashPoints.EXIT_STATUS);
    // The artifact has its final name, but no manifest records it complete.
    List<Path> left = filesUnder(artifacts);
    assertThat(left).hasSize(1);
    Path halfRecorded = left.get(0);

    DumpResult resumed = dump(spec);

    assertThat(resumed.reused()).as("a dump without its manifest is not reused").isFalse();
    assertThat(resumed.artifact()).isEqualTo(halfRecorded);
    assertThat(host.commands()).filteredOn(c -> c.contains("pg_dump")).hasSize(2);
    assertThat(filesUnder(artifacts))
        .containsExactlyInAnyOrder(resumed.artifact(), resumed.manifestFile());
    assertThat(resumed.manifest().sha256()).isEqualTo(sha256(resumed.artifact()));
    assertThat(resumed.manifest().totalRows()).isPositive();
    // Recorded complete now: the next request for the run takes it as it is.
    assertThat(dump(spec).reused()).isTrue();
    assertThat(host.commands()).filteredOn(c -> c.contains("pg_dump")).hasSize(2);
  }

  @Test
  void unknownSourceHostKeyIsRefusedBeforeAuthenticationAndNamesTheFingerprint() throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    // known_hosts stays empty
    assertFailsWith(
        ErrorCode.HOST_KEY_UNKNOWN,
        spec(sourceEndpoint(host), List.of(), source.name(), null),
        TEST,
        "[127.0.0.1]:" + host.port(),
        host.hostKeyFingerprint());
    assertThat(host.authAttempts()).isZero();
    assertThat(host.commands()).isEmpty();
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  @Test
  void changedHostKeyIsRefusedAsMismatchNamingBothFingerprints() throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    KeyPair impostor = SshKeys.generate();
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:" + host.port() + " " + SshKeys.publicKeyLine(impostor.getPublic()) + "\n");
    assertFailsWith(
        ErrorCode.HOST_KEY_MISMATCH,
        spec(sourceEndpoint(host), List.of(), source.name(), null),
        TEST,
        host.hostKeyFingerprint(),
        SshKeys.fingerprint(impostor.getPublic()));
    assertThat(host.authAttempts()).isZero();
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void unknownJumpHostKeyIsRefusedAndTheSourceIsNeverReached() throws Exception {
    SshTestServer jump = jumpServer();
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts); // but not the jump host
    assertFailsWith(
        ErrorCode.HOST_KEY_UNKNOWN,
        spec(sourceEndpoint(host), List.of(jumpEndpoint(jump)), source.name(), null),
        TEST,
        "[127.0.0.1]:" + jump.port());
    assertThat(jump.authAttempts()).isZero();
    assertThat(jump.directTcpip()).isEmpty();
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void wrongClientKeyIsRefused() throws Exception {
    SshTestServer host =
        closeLater(
            SshTestServer.builder()
                .authorizedKey(SshKeys.generate().getPublic())
                .environment(postgres.libpqEnv())
                .start());
    host.writeKnownHosts(knownHosts);
    assertFailsWith(
        ErrorCode.AUTH_FAILED,
        spec(sourceEndpoint(host), List.of(), source.name(), null),
        TEST,
        "ckan@127.0.0.1:" + host.port());
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void closedPortFailsAsConnectTimeout() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SshEndpoint nowhere = endpoint("127.0.0.1", closedPort, sourceKey, "source");
    assertFailsWith(
        ErrorCode.CONNECT_TIMEOUT,
        spec(nowhere, List.of(), source.name(), null),
        TEST,
        "127.0.0.1:" + closedPort);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x; touch /tmp/pwned", "$(touch /tmp/pwned)", "`id`", "a' || 'b"})
  void injectionInTheDatabaseNameIsRejectedBeforeAnythingIsSent(String database) throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);
    assertFailsWith(
        ErrorCode.INVALID_IDENTIFIER,
        spec(sourceEndpoint(host), List.of(), database, null),
        TEST,
        "database");
    assertThat(host.authAttempts()).isZero();
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void injectionInOptionsPathsUsersAndRunIdIsRejectedBeforeAnythingIsSent() throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);
    SshEndpoint ok = sourceEndpoint(host);
    String pgDump = postgres.tool("pg_dump").toString();
    String db = source.name();
    String dirs = artifacts.toString();
    List<SourceSpec> bad =
        List.of(
            new SourceSpec(
                ok, null, db, List.of("--table=a;id"), null, dirs, pgDump, null, null, null),
            new SourceSpec(
                ok, null, db, List.of("-f", "/tmp/x"), null, dirs, pgDump, null, null, null),
            new SourceSpec(ok, null, db, null, null, dirs, "pg_dump;id", null, null, null),
            new SourceSpec(ok, null, db, null, null, dirs, pgDump, "$(id)", null, null),
            new SourceSpec(ok, null, db, null, null, dirs, pgDump, null, null, "x;id"),
            new SourceSpec(
                new SshEndpoint(
                    "127.0.0.1", host.port(), "ckan;id", ok.privateKeyFile(), ok.knownHostsFile()),
                null,
                db,
                null,
                null,
                dirs,
                pgDump,
                null,
                null,
                null),
            new SourceSpec(
                new SshEndpoint(
                    "-oProxyCommand=id",
                    host.port(),
                    "ckan",
                    ok.privateKeyFile(),
                    ok.knownHostsFile()),
                null,
                db,
                null,
                null,
                dirs,
                pgDump,
                null,
                null,
                null),
            new SourceSpec(ok, null, db, null, "gzip;id", dirs, pgDump, null, null, null));
    for (SourceSpec spec : bad) {
      assertFailsWith(ErrorCode.INVALID_IDENTIFIER, spec, TEST);
    }
    assertThatThrownBy(
            () ->
                new DumpExecutor(TEST)
                    .dump(spec(ok, List.of(), db, null), "../../etc", DumpControl.NONE))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
    assertThat(host.authAttempts()).isZero();
    assertThat(host.commands()).isEmpty();
    assertThat(filesUnder(dir.getParent() == null ? dir : dir))
        .allMatch(p -> !p.toString().contains("etc"));
  }

  @Test
  void pgDumpFailingAtStartFailsWithItsStderrAndLeavesNothing() throws Exception {
    SshTestServer host = closeLater(sourceServer().start());
    host.writeKnownHosts(knownHosts);
    assertFailsWith(
        ErrorCode.REMOTE_COMMAND_FAILED,
        spec(sourceEndpoint(host), List.of(), "no_such_database", null),
        TEST,
        "exited with status 1",
        "no_such_database",
        "does not exist");
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  @Test
  void pgDumpKilledMidStreamFailsAndLeavesNothing() throws Exception {
    SshTestServer host = closeLater(sourceServer().killAfterBytes(100_000).start());
    host.writeKnownHosts(knownHosts);
    assertFailsWith(
        ErrorCode.REMOTE_COMMAND_FAILED,
        spec(sourceEndpoint(host), List.of(), source.name(), null),
        TEST,
        "status 137");
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  @Test
  void linkCutMidStreamFailsAsIncompleteAndLeavesNothing() throws Exception {
    SshTestServer jump = jumpServer();
    SshTestServer host = closeLater(sourceServer().cutAfterBytes(100_000).start());
    jump.writeKnownHosts(knownHosts);
    host.writeKnownHosts(knownHosts);
    assertFailsWith(
        ErrorCode.DUMP_INCOMPLETE,
        spec(sourceEndpoint(host), List.of(jumpEndpoint(jump)), source.name(), null),
        TEST,
        "lost after");
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  @Test
  void sourceThatStopsSendingFailsAfterTheStallTimeout() throws Exception {
    SshTestServer host = closeLater(sourceServer().stallAfterBytes(100_000).start());
    host.writeKnownHosts(knownHosts);
    long start = System.nanoTime();
    assertFailsWith(
        ErrorCode.DUMP_INCOMPLETE,
        spec(sourceEndpoint(host), List.of(), source.name(), null),
        settings(s -> withStall(s, Duration.ofSeconds(2))),
        "no dump output for 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  @Test
  void deadLinkIsDetectedByKeepAlivesInsteadOfHanging() throws Exception {
    SshTestServer host = closeLater(sourceServer().throttle(200_000).start());
    TcpProxy link = closeLater(TcpProxy.to(host.host(), host.port()));
    Files.writeString(knownHosts, host.knownHostsLine(link.port()) + "\n");
    SshEndpoint viaLink = endpoint("127.0.0.1", link.port(), sourceKey, "source");
    link.freezeAfterBytes(150_000);
    long start = System.nanoTime();
    // The stall timeout is far away: only keep-alives (1 s, 3 missed) can end this dump.
    assertFailsWith(
        ErrorCode.DUMP_INCOMPLETE,
        spec(viaLink, List.of(), source.name(), null),
        settings(s -> withStall(s, Duration.ofSeconds(120))),
        "lost after");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  @Test
  void aSlowDumpLogsProgressWithBytesAndRateEveryInterval() throws Exception {
    SshTestServer host = closeLater(sourceServer().throttle(150_000).start());
    host.writeKnownHosts(knownHosts);
    List<Long> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(DumpExecutor.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    DumpResult result;
    try {
      // TEST logs progress every second; the throttled source takes about 4 s (675 KB).
      result =
          new DumpExecutor(TEST)
              .dump(
                  spec(sourceEndpoint(host), List.of(), source.name(), null),
                  runId,
                  new DumpControl(() -> false, progress::add));
    } finally {
      logger.detachAppender(lines);
    }

    long total = result.manifest().uncompressedBytes();
    assertThat(total).isGreaterThan(300_000);
    assertThat(progress).hasSizeGreaterThanOrEqualTo(2).isSorted().allMatch(b -> b <= total);
    assertThat(progress.get(progress.size() - 1)).isPositive();
    assertThat(lines.list)
        .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.startsWith("dump of " + source.name() + ":"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allMatch(m -> m.matches(".*: [0-9.]+ MB read, [0-9.]+ MB/s, artifact [0-9.]+ MB"));
  }

  @Test
  void cancellingStopsTheDumpAndLeavesNothing() throws Exception {
    SshTestServer host = closeLater(sourceServer().throttle(100_000).start());
    host.writeKnownHosts(knownHosts);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
    DumpControl control = new DumpControl(() -> System.nanoTime() > deadline, bytes -> {});
    assertThatThrownBy(
            () ->
                new DumpExecutor(TEST)
                    .dump(
                        spec(sourceEndpoint(host), List.of(), source.name(), null), runId, control))
        .isInstanceOf(CancellationException.class);
    assertThat(filesUnder(artifacts)).isEmpty();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> host.activeSessions() == 0);
  }

  @Test
  void interruptingTheDumpingThreadCancelsIt() throws Exception {
    SshTestServer host = closeLater(sourceServer().throttle(100_000).start());
    host.writeKnownHosts(knownHosts);
    SourceSpec spec = spec(sourceEndpoint(host), List.of(), source.name(), null);
    Thread[] worker = new Thread[1];
    CompletableFuture<DumpResult> future = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicBoolean stillInterrupted =
        new java.util.concurrent.atomic.AtomicBoolean();
    worker[0] =
        new Thread(
            () -> {
              try {
                future.complete(new DumpExecutor(TEST).dump(spec, runId, DumpControl.NONE));
              } catch (Throwable t) {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                future.completeExceptionally(t);
              }
            });
    worker[0].start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !host.commands().isEmpty());
    worker[0].interrupt();
    // CompletableFuture.get rethrows a CancellationException as itself.
    assertThatThrownBy(() -> future.get(15, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("interrupted");
    assertThat(stillInterrupted.get()).as("interrupt flag kept").isTrue();
    assertThat(filesUnder(artifacts)).isEmpty();
  }

  private static DumpSettings withStall(DumpSettings s, Duration stall) {
    return new DumpSettings(
        s.connectTimeout(),
        s.authTimeout(),
        s.heartbeatInterval(),
        s.heartbeatMaxMissed(),
        stall,
        s.exitStatusTimeout(),
        s.progressLogInterval());
  }

  private static String systemIdentifier(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
