package org.ckanmigrate.dump.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.contract.spec.TransferSpec;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.ckanmigrate.platform.phase.JobStatus;
import org.ckanmigrate.platform.phase.PhaseJobStore;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dump phase through the event backbone: a run-requested event on the real broker makes the
 * service dump a generated CKAN 2.2-era catalogue over real SSH through a jump host, and answer
 * with dump-completed naming a verified artifact.
 */
@SpringBootTest
class DumpPhaseIT {

  private static final PostgresServer pg = PostgresServer.shared();
  private static TestDatabase stateDb;
  private static TestDatabase source;
  private static SshTestServer jump;
  private static SshTestServer host;
  private static Path work;
  private static Path key;
  private static Path knownHosts;

  @Autowired EventPublisher publisher;
  @Autowired EventCodec codec;
  @Autowired PhaseJobStore jobs;
  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    stateDb = pg.createDatabase("dump_phase_state");
    registry.add("spring.datasource.url", stateDb::jdbcUrl);
    registry.add("spring.datasource.username", pg::superuser);
    registry.add("spring.datasource.password", pg::password);
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
  }

  @BeforeAll
  static void sourceBehindAJumpHost() throws Exception {
    source = pg.createDatabase("dump_phase_source");
    try (Connection c = source.connect()) {
      CatalogueGenerator.builder().era(CkanEra.V2_2).datasets(200).seed(7).build().generate(c);
    }
    KeyPair client = SshKeys.generate();
    work = Files.createTempDirectory("dump-phase");
    key = SshKeys.writePrivateKey(client, work.resolve("id"));
    jump = SshTestServer.builder().authorizedKey(client.getPublic()).forwarding().start();
    host =
        SshTestServer.builder()
            .authorizedKey(client.getPublic())
            .environment(pg.libpqEnv())
            .sftp(Files.createDirectories(work.resolve("loader-host")))
            .start();
    knownHosts = work.resolve("known_hosts");
    jump.writeKnownHosts(knownHosts);
    host.writeKnownHosts(knownHosts);
  }

  @AfterAll
  static void tearDown() {
    jump.close();
    host.close();
    source.close();
    stateDb.close();
  }

  @Test
  void runRequestedDumpsTheSourceOnceAndAnswersWithDumpCompleted() throws Exception {
    String runId = "run-" + UUID.randomUUID();
    Counter transferred = meters.get("ckan.migration.dump.transferred").counter();
    double before = transferred.count();
    EventEnvelope request = codec.start(runId, new RunRequested(spec(source.name()), "dump"));
    publisher.publish(Topics.EVENTS, request);
    publisher.publish(Topics.EVENTS, request); // a duplicate delivery

    EventEnvelope completed = awaitEvent(runId, EventType.DUMP_COMPLETED);
    DumpCompleted dump = codec.payload(completed, DumpCompleted.class);
    Path artifact = Path.of(dump.artifact());
    assertThat(artifact).exists().hasFileName(source.name() + ".sql.gz");
    assertThat(Files.size(artifact)).isEqualTo(dump.sizeBytes());
    assertThat(
            HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(artifact))))
        .isEqualTo(dump.sha256());
    assertThat(Path.of(dump.manifest())).exists();
    assertThat(dump.rows()).isPositive();
    assertThat(completed.causationid()).isEqualTo(request.id());
    assertThat(jobs.job(runId, "dump").orElseThrow().attempt()).isEqualTo(1);
    assertThat(jump.directTcpip()).isNotEmpty();
    // Bytes received: exactly the plain SQL of this one dump (the duplicate was not dumped).
    long plain =
        org.ckanmigrate.artifact.DumpManifest.read(Path.of(dump.manifest())).uncompressedBytes();
    assertThat(transferred.getId().getBaseUnit()).isEqualTo("bytes");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(transferred.count() - before).isEqualTo((double) plain));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        meters.get("ckan.migration.phase.duration").tag("phase", "dump").timers())
                    .isNotEmpty());
    try (var stream = Files.list(artifact.getParent())) {
      assertThat(stream.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void unknownDatabaseFailsThePhaseWithPgDumpsOwnError() {
    String runId = "run-" + UUID.randomUUID();
    publisher.publish(
        Topics.EVENTS, codec.start(runId, new RunRequested(spec("no_such_database"), "dump")));

    PhaseFailed failed =
        codec.payload(awaitEvent(runId, EventType.PHASE_FAILED), PhaseFailed.class);
    assertThat(failed.phase()).isEqualTo("dump");
    assertThat(failed.code()).isEqualTo("REMOTE_COMMAND_FAILED");
    assertThat(failed.message()).contains("no_such_database");
    assertThat(jobs.job(runId, "dump").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void withATransferSectionDumpCompletedNamesTheUploadedCopy() throws Exception {
    String runId = "run-" + UUID.randomUUID();
    RunSpec local = spec(source.name());
    SshEndpoint loader =
        new SshEndpoint(host.host(), host.port(), "loader", key.toString(), knownHosts.toString());
    RunSpec spec =
        new RunSpec(local.source(), new TransferSpec(loader, "/incoming"), null, null, null);
    publisher.publish(Topics.EVENTS, codec.start(runId, new RunRequested(spec, "dump")));

    DumpCompleted dump =
        codec.payload(awaitEvent(runId, EventType.DUMP_COMPLETED), DumpCompleted.class);

    String name = source.name() + ".sql.gz";
    assertThat(dump.artifact()).isEqualTo("/incoming/" + runId + "/" + name);
    assertThat(dump.manifest()).startsWith("/incoming/" + runId + "/").endsWith(".manifest.json");
    Path uploaded = work.resolve("loader-host/incoming").resolve(runId).resolve(name);
    assertThat(
            HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(uploaded))))
        .isEqualTo(dump.sha256());
    assertThat(work.resolve("loader-host" + dump.manifest())).exists();
  }

  private RunSpec spec(String database) {
    SshEndpoint jumpHost =
        new SshEndpoint(jump.host(), jump.port(), "ckan", key.toString(), knownHosts.toString());
    SshEndpoint sourceHost =
        new SshEndpoint(host.host(), host.port(), "ckan", key.toString(), knownHosts.toString());
    return new RunSpec(
        new SourceSpec(
            sourceHost,
            List.of(jumpHost),
            database,
            null,
            "gzip:1",
            work.resolve("artifacts").toString(),
            pg.tool("pg_dump").toString(),
            pg.host(),
            pg.port(),
            pg.superuser()),
        null,
        null,
        null,
        null);
  }

  private EventEnvelope awaitEvent(String runId, EventType type) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                EventStreamReader.firstOf(
                    KafkaBroker.shared().bootstrapServers(), codec, runId, type),
            java.util.Optional::isPresent)
        .orElseThrow();
  }
}
