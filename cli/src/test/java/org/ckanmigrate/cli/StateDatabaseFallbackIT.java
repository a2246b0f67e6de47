package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ckanmigrate.cli.spec.RunSpecFile;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.platform.phase.RecordedRunWriter;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A run the events topic no longer has (its records expired: here, never published to this broker),
 * recorded in the dump- and load-services' state databases as the services record it: {@code
 * status}, {@code list} and {@code resume} find it there with {@code --state-db}, and say where to
 * look without it.
 */
class StateDatabaseFallbackIT {

  private final EventCodec codec = new EventCodec("/test");
  private final String kafka = KafkaBroker.shared().bootstrapServers();
  private TestDatabase dumpState;
  private TestDatabase loadState;
  private String runId;
  private RunSpec spec;
  private DumpCompleted dump;

  @BeforeEach
  void recordAFailedRun() throws Exception {
    dumpState = PostgresServer.shared().createDatabase("dump_state");
    loadState = PostgresServer.shared().createDatabase("load_state");
    RunSpecFile.Loaded loaded =
        new RunSpecFile().load(Path.of("..", "docs", "run-spec.example.yaml"), null);
    assertThat(loaded.problems()).isEmpty();
    spec = loaded.spec();
    runId = recordRunWhoseLoadFailed(ErrorCode.TARGET_UNAVAILABLE, "connection refused: db:5432");
  }

  /**
   * What each service records for a run whose dump succeeded and whose load failed with {@code
   * code}: dump-service ran the dump, load-service the load. Returns the run id.
   */
  private String recordRunWhoseLoadFailed(ErrorCode code, String message) throws Exception {
    String id = "expired-" + UUID.randomUUID();
    EventEnvelope request = codec.start(id, new RunRequested(spec, null, null));
    dump =
        new DumpCompleted(
            "/var/lib/ckan-migrate/artifacts/" + id + "/ckan.sql.zst",
            "/var/lib/ckan-migrate/artifacts/" + id + "/manifest.json",
            "9f2c",
            123_456,
            "ckan",
            "zstd:1",
            42,
            98_765);
    RecordedRunWriter dumpService = new RecordedRunWriter(dataSource(dumpState), codec);
    RecordedRunWriter loadService = new RecordedRunWriter(dataSource(loadState), codec);
    dumpService.requested(request, "dump");
    Thread.sleep(5); // the events' times order them, as on the topic
    EventEnvelope dumped = dumpService.succeeded(request, "dump", dump);
    loadService.specRecorded(request);
    loadService.requestedBy(dumped, "load");
    Thread.sleep(5);
    loadService.failed(dumped, "load", code, message);
    return id;
  }

  @AfterEach
  void dropStateDatabases() {
    dumpState.close();
    loadState.close();
  }

  @Test
  void statusWithoutTheStateDatabasesSaysWhereTheRunMayBe() {
    CliRun r = CliRun.of("status", runId, "--kafka", kafka);

    assertThat(r.code()).isEqualTo(ExitCodes.NO_SUCH_RUN);
    assertThat(r.err()).contains("No run " + runId).contains("add --state-db");
  }

  @Test
  void statusAndListReadTheRunFromTheStateDatabases() {
    CliRun status = CliRun.of(withBothStateDbs("status", runId, "--kafka", kafka));

    // The exit code follows the run: a failed load is a target-side failure.
    assertThat(status.code()).as(status.err()).isEqualTo(ExitCodes.TARGET);
    assertThat(status.out())
        .contains("Run " + runId + " FAILED")
        .contains("Fix the cause, then: ckan-migrate resume " + runId)
        .containsPattern("dump +SUCCEEDED")
        .containsPattern("load +FAILED")
        .contains("TARGET_UNAVAILABLE")
        .containsPattern("schema +PENDING");

    CliRun json =
        CliRun.of(
            "status",
            runId,
            "--output",
            "json",
            "--kafka",
            kafka,
            "--state-db",
            dumpState.jdbcUrl() + "," + loadState.jdbcUrl(),
            "--state-db-user",
            dumpState.server().superuser());
    assertThat(json.code()).isEqualTo(ExitCodes.TARGET);
    assertThat(json.out())
        .contains("\"rows\":98765", "\"code\":\"TARGET_UNAVAILABLE\"", "\"resumable\":true");

    CliRun list =
        CliRun.of(
            "list",
            "--kafka",
            kafka,
            "--state-db",
            loadState.jdbcUrl(),
            "--state-db-user",
            dumpState.server().superuser());
    assertThat(list.out()).containsPattern(runId + " +FAILED .* load");
  }

  @Test
  void resumeSendsTheRecordedSpecFromTheFailedPhaseWithTheRecordedDump() {
    CliRun r = CliRun.of(withBothStateDbs("resume", runId, "--detach", "--kafka", kafka));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("resuming load", "TARGET_UNAVAILABLE");
    var events = eventsOf(runId);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo(EventType.RUN_REQUESTED.wireName());
    RunRequested resumed = codec.payload(events.get(0), RunRequested.class);
    assertThat(resumed.startPhase()).isEqualTo("load");
    assertThat(resumed.spec()).isEqualTo(spec);
    assertThat(resumed.inputs().dump()).isEqualTo(dump);
  }

  @Test
  void aRunWhoseDumpIsAtFaultIsNotResumedWithoutForce() throws Exception {
    String damaged =
        recordRunWhoseLoadFailed(
            ErrorCode.CHECKSUM_MISMATCH, "the artifact's SHA-256 differs from the dump's");

    CliRun status = CliRun.of(withBothStateDbs("status", damaged, "--kafka", kafka));
    assertThat(status.code()).isEqualTo(ExitCodes.VERIFICATION);
    assertThat(status.out())
        .contains("Resuming would repeat this run's spec and dump")
        .doesNotContain("ckan-migrate resume");

    CliRun refused = CliRun.of(withBothStateDbs("resume", damaged, "--detach", "--kafka", kafka));
    assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err())
        .contains("failed in load with CHECKSUM_MISMATCH")
        .contains("start a new run with another run id");
    assertThat(eventsOf(damaged)).isEmpty();

    CliRun forced =
        CliRun.of(withBothStateDbs("resume", damaged, "--force", "--detach", "--kafka", kafka));
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(eventsOf(damaged)).hasSize(1);
  }

  @Test
  void aDatabaseThatIsNotAStateDatabaseIsNamedAndNothingIsSent() {
    try (TestDatabase other = PostgresServer.shared().createDatabase("not_state")) {
      CliRun r =
          CliRun.of(
              "resume",
              runId,
              "--kafka",
              kafka,
              "--state-db",
              other.jdbcUrl(),
              "--state-db-user",
              other.server().superuser());

      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .contains("Cannot read state database " + other.jdbcUrl())
          .contains("is not a ckan-migrate state database");
      assertThat(eventsOf(runId)).isEmpty();
    }
  }

  @Test
  void anUnreadablePasswordFileIsAUsageError(@TempDir Path dir) {
    CliRun r =
        CliRun.of(
            "list",
            "--kafka",
            kafka,
            "--state-db",
            loadState.jdbcUrl(),
            "--state-db-password-file",
            dir.resolve("missing").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Cannot read the state databases' password file");
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();
  }

  /** {@code args} and the two state databases, as an operator names them. */
  private String[] withBothStateDbs(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--state-db",
            dumpState.jdbcUrl(),
            "--state-db",
            loadState.jdbcUrl(),
            "--state-db-user",
            dumpState.server().superuser()));
    return all.toArray(String[]::new);
  }

  private static PGSimpleDataSource dataSource(TestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(db.server().superuser());
    ds.setPassword(db.server().password());
    return ds;
  }

  private java.util.List<EventEnvelope> eventsOf(String run) {
    try (var reader = new EventStreamReader(kafka, codec)) {
      return reader.forRun(run, Duration.ofSeconds(10));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return java.util.List.of();
    }
  }
}
