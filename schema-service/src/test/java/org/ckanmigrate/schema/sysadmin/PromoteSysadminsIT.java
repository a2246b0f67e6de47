package org.ckanmigrate.schema.sysadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ckanmigrate.cli.CkanMigrateCli;
import org.ckanmigrate.cli.ExitCodes;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.client.StandaloneEventPublisher;
import org.ckanmigrate.contract.command.PromoteSysadmins;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.SysadminsRepromoted;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.SecretRef;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.schema.SchemaServiceApplication;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;

/**
 * {@code ckan-migrate promote-sysadmins} end to end: the CLI sends the command over the real
 * broker, a running schema-service carries it out in the run's target with the run's recorded
 * credentials, and the CLI prints its answer. Only users the run's ledger recorded are promoted.
 */
@SpringBootTest(
    classes = SchemaServiceApplication.class,
    webEnvironment = WebEnvironment.NONE,
    // Its own name: its own consumer group and event source, so its answers are told apart from
    // those of any other schema-service context this JVM keeps.
    properties = "spring.application.name=" + PromoteSysadminsIT.APPLICATION)
class PromoteSysadminsIT {

  static final String APPLICATION = "schema-service-promote-it";

  private static final PostgresServer pg = PostgresServer.shared();
  private static TestDatabase stateDb;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    stateDb = pg.createDatabase("promote_state");
    registry.add("spring.datasource.url", stateDb::jdbcUrl);
    registry.add("spring.datasource.username", pg::superuser);
    registry.add("spring.datasource.password", pg::password);
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
  }

  @AfterAll
  static void dropStateDb() {
    stateDb.close();
  }

  private final String kafka = KafkaBroker.shared().bootstrapServers();
  private final EventCodec codec = new EventCodec("/test");

  @Test
  void promotesRecordedSysadminsOnlyAndNamesTheOthers() throws Exception {
    String runId = "promote-" + UUID.randomUUID();
    try (TestDatabase ckan = pg.createDatabase("promote_target")) {
      ckanWithLedger(ckan, runId);
      requestRun(runId, target(ckan.name()));

      StringWriter out = new StringWriter();
      int code = cli(out, "promote-sysadmins", runId, "alice_d1", "bob", "eve", "--kafka", kafka);

      assertThat(code).as(out.toString()).isEqualTo(ExitCodes.REFUSED); // eve: never recorded
      assertThat(out.toString())
          .contains("database " + ckan.name())
          .contains("promoted:          [alice_d1]")
          .contains("already sysadmin:  [bob]")
          .contains("NOT in the ledger (not promoted): [eve]");
      assertThat(sysadminIds(ckan)).isEqualTo("u1 u2");

      // Asked again for the recorded users only: nothing changes, and the CLI reports success.
      StringWriter again = new StringWriter();
      assertThat(cli(again, "promote-sysadmins", runId, "u1", "bob", "--kafka", kafka))
          .as(again.toString())
          .isEqualTo(ExitCodes.OK);
      assertThat(again.toString()).contains("already sysadmin:  [alice_d1, bob]");
      assertThat(sysadminIds(ckan)).isEqualTo("u1 u2");
    }
  }

  @Test
  void aRedeliveredCommandIsAnsweredOnce() throws Exception {
    String runId = "promote-" + UUID.randomUUID();
    try (TestDatabase ckan = pg.createDatabase("promote_twice")) {
      ckanWithLedger(ckan, runId);
      requestRun(runId, target(ckan.name()));
      EventEnvelope command = codec.start(runId, new PromoteSysadmins(List.of("alice_d1")));
      try (var publisher = new StandaloneEventPublisher(kafka, codec)) {
        publisher.publish(Topics.EVENTS, command);
        publisher.publish(Topics.EVENTS, command); // at-least-once: the same event again
      }

      try (var reader = new EventStreamReader(kafka, codec)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> answers(reader, runId, command).size() == 1);
        Thread.sleep(2_000); // room for a second answer, were the inbox to let one through
        List<EventEnvelope> answers = answers(reader, runId, command);
        assertThat(answers).hasSize(1);
        SysadminsRepromoted answer = codec.payload(answers.get(0), SysadminsRepromoted.class);
        assertThat(answer.promoted()).containsExactly("alice_d1");
        assertThat(answers.get(0).correlationid()).isEqualTo(command.correlationid());
      }
      assertThat(sysadminIds(ckan)).isEqualTo("u1 u2");
    }
  }

  @Test
  void aLockedUserTableFailsTheCommandInSecondsAndTheServiceAnswersTheNext() throws Exception {
    String runId = "promote-" + UUID.randomUUID();
    try (TestDatabase ckan = pg.createDatabase("promote_locked")) {
      ckanWithLedger(ckan, runId);
      requestRun(runId, target(ckan.name()));
      StringWriter out = new StringWriter();
      try (Connection holder = ckan.connect();
          Statement s = holder.createStatement()) {
        holder.setAutoCommit(false);
        s.execute("LOCK TABLE \"user\" IN ACCESS EXCLUSIVE MODE"); // CKAN busy, say
        long started = System.nanoTime();
        int code = cli(out, "promote-sysadmins", runId, "alice_d1", "--kafka", kafka);
        assertThat(code).as(out.toString()).isEqualTo(ExitCodes.TARGET);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(60));
        holder.rollback();
      }
      assertThat(out.toString())
          .contains("Re-promotion failed (TARGET_UNAVAILABLE)")
          .contains("nothing was changed");
      assertThat(sysadminIds(ckan)).isEqualTo("u2");

      // The consumer was not held: the same request, once the lock is gone, is carried out.
      StringWriter again = new StringWriter();
      assertThat(cli(again, "promote-sysadmins", runId, "alice_d1", "--kafka", kafka))
          .as(again.toString())
          .isEqualTo(ExitCodes.OK);
      assertThat(sysadminIds(ckan)).isEqualTo("u1 u2");
    }
  }

  @Test
  void aTargetThatRefusesTheLoginFailsWithItsCodeAndNoSecret() throws Exception {
    String runId = "promote-" + UUID.randomUUID();
    String secret = "s3cr3t-" + UUID.randomUUID();
    Path passwordFile = Files.createTempFile("promote-it", ".secret");
    Files.writeString(passwordFile, secret + "\n");
    requestRun(
        runId,
        TargetSpec.builder()
            .jdbcUrl(pg.jdbcUrl("postgres"))
            .user("no_such_role_" + System.nanoTime())
            .password(SecretRef.ofFile(passwordFile.toString()))
            .database("postgres")
            .parallelism(1)
            .build());

    StringWriter out = new StringWriter();
    int code = cli(out, "promote-sysadmins", runId, "admin", "--kafka", kafka);

    assertThat(code).as(out.toString()).isEqualTo(ExitCodes.TARGET);
    assertThat(out.toString())
        .contains("Re-promotion failed (TARGET_UNAVAILABLE): Cannot re-promote in")
        .contains("nothing was changed")
        .doesNotContain(secret);
    Files.delete(passwordFile);
  }

  @Test
  void aPasswordVariableUnsetWhereTheServiceRunsIsNamed() {
    String runId = "promote-" + UUID.randomUUID();
    String variable = "CKAN_PROMOTE_IT_" + UUID.randomUUID().toString().replace('-', '_');
    requestRun(
        runId,
        TargetSpec.builder()
            .jdbcUrl(pg.jdbcUrl("postgres"))
            .user(pg.superuser())
            .password(SecretRef.ofEnv(variable))
            .database("postgres")
            .parallelism(1)
            .build());

    StringWriter out = new StringWriter();
    int code = cli(out, "promote-sysadmins", runId, "admin", "--kafka", kafka);

    assertThat(code).as(out.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString())
        .contains("Re-promotion failed (INVALID_REQUEST): Cannot read the target password")
        .contains(variable + " is not set");
  }

  @Test
  void aRunTheCliCannotFindIsRefusedBeforeAnythingIsSent() {
    StringWriter out = new StringWriter();
    int code =
        cli(out, "promote-sysadmins", "never-" + UUID.randomUUID(), "admin", "--kafka", kafka);
    assertThat(code).isEqualTo(ExitCodes.NO_SUCH_RUN);
    assertThat(out.toString()).contains("with a target database. See: ckan-migrate list");
  }

  private List<EventEnvelope> answers(
      EventStreamReader reader, String runId, EventEnvelope command) {
    return reader.forRun(runId, Duration.ofSeconds(10)).stream()
        .filter(e -> command.id().equals(e.causationid()))
        .filter(e -> ("/ckan-migrate/" + APPLICATION).equals(e.source()))
        .filter(e -> codec.typeOf(e) == EventType.SYSADMINS_REPROMOTED)
        .toList();
  }

  private static TargetSpec target(String database) {
    return TargetSpec.builder()
        .jdbcUrl(pg.jdbcUrl("postgres"))
        .user(pg.superuser())
        .database(database)
        .parallelism(1)
        .build();
  }

  /** A run the services know (its spec recorded); it starts at the index, so no phase runs here. */
  private void requestRun(String runId, TargetSpec target) {
    try (var publisher = new StandaloneEventPublisher(kafka, codec)) {
      publisher.publish(
          Topics.EVENTS,
          codec.start(
              runId, new RunRequested(new RunSpec(null, null, target, null, null), "index")));
    }
  }

  private static int cli(StringWriter out, String... args) {
    CommandLine cmd = new CommandLine(new CkanMigrateCli());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  private static void ckanWithLedger(TestDatabase ckan, String runId) throws Exception {
    try (Connection c = ckan.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE \"user\" (id text PRIMARY KEY, name text, email text, fullname text,"
              + " sysadmin boolean)");
      s.execute(
          "INSERT INTO \"user\" VALUES ('u1', 'Alice Renamed', 'a@x', 'Alice', false),"
              + " ('u2', 'bob', 'b@x', 'Bob', true), ('u3', 'eve', 'e@x', 'Eve', false)");
      s.execute("CREATE SCHEMA " + SysadminLedger.OWN_SCHEMA);
      s.execute(
          "CREATE TABLE "
              + SysadminLedger.OWN_SCHEMA
              + ".sysadmin_ledger (run_id text, user_id text, name text NOT NULL, email text,"
              + " fullname text, recorded_at timestamptz DEFAULT now(), repromoted_at"
              + " timestamptz, PRIMARY KEY (run_id, user_id))");
      s.execute(
          "INSERT INTO "
              + SysadminLedger.OWN_SCHEMA
              + ".sysadmin_ledger (run_id, user_id, name) VALUES ('"
              + runId
              + "', 'u1', 'alice_d1'), ('"
              + runId
              + "', 'u2', 'bob')");
    }
  }

  private static String sysadminIds(TestDatabase ckan) throws Exception {
    try (Connection c = ckan.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM \"user\" WHERE sysadmin ORDER BY id")) {
      StringBuilder ids = new StringBuilder();
      while (rs.next()) {
        ids.append(rs.getString(1)).append(' ');
      }
      return ids.toString().trim();
    }
  }
}
