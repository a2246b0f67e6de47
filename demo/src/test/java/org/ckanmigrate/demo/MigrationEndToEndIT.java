package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.contract.event.SchemaMigrated;
import org.ckanmigrate.stack.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Whole migrations through the four services as separate processes, over a real Kafka broker:
 * source PostgreSQL behind SSH and a jump host, target PostgreSQL, Solr. The outcome is checked in
 * the databases and in Solr, not only in the events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationEndToEndIT {

  private static final EventCodec codec = EndToEnd.codec;
  private static DemoStack stack;
  private static Path work;

  @BeforeAll
  static void startStack() throws Exception {
    work = Files.createTempDirectory("ckan-migrate-e2e");
    stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .datasets(300)
            .seed(3)
            .kafkaPort(FreePorts.consecutive(2))
            .firstServicePort(FreePorts.consecutive(4))
            .throttleSource(120_000) // a dump of several seconds, to kill a service mid-dump
            .lease("6s")
            .start(new PrintWriter(System.out, true));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void wholeMigrationEndsWithEveryOutcomeVerified() throws Exception {
    Path spec = DemoSpec.write(stack, work, "ckan_e2e");
    StringWriter out = new StringWriter();
    int code =
        cli(
            out,
            "run",
            spec.toString(),
            "--run-id",
            "e2e-run",
            "--kafka",
            stack.bootstrapServers());
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("Run e2e-run SUCCEEDED");
    // Every service runs with its class data archive (trained by this stack when there was none).
    assertThat(stack.services.values())
        .allSatisfy(s -> assertThat(s.usesClassData()).as(s.name()).isTrue());

    var events = events("e2e-run");
    for (EventType type :
        List.of(
            EventType.DUMP_COMPLETED,
            EventType.LOAD_COMPLETED,
            EventType.SCHEMA_MIGRATED,
            EventType.INDEX_COMPLETED,
            EventType.RUN_COMPLETED)) {
      assertThat(ids(events, type)).as(type.name()).hasSize(1);
    }
    assertThat(ids(events, EventType.PHASE_FAILED)).isEmpty();

    DumpCompleted dump = payload(events, EventType.DUMP_COMPLETED, DumpCompleted.class);
    LoadCompleted load = payload(events, EventType.LOAD_COMPLETED, LoadCompleted.class);
    SchemaMigrated schema = payload(events, EventType.SCHEMA_MIGRATED, SchemaMigrated.class);
    IndexCompleted index = payload(events, EventType.INDEX_COMPLETED, IndexCompleted.class);

    // Every source row reached the target (checked independently of the services' counts).
    assertThat(load.rows())
        .isEqualTo(dump.rows())
        .isEqualTo(rowsInAllTables(stack.sourceDb.name()));

    // The sysadmin ledger holds exactly the source's sysadmins, and the kept ones are back.
    assertThat(
            schema.sysadmins().stream()
                .map(SchemaMigrated.Sysadmin::id)
                .collect(Collectors.toSet()))
        .isEqualTo(sysadmins(stack.sourceDb.name()));
    assertThat(schema.repromoted()).isNotEmpty();
    Set<String> repromotedIds =
        schema.sysadmins().stream()
            .filter(a -> schema.repromoted().contains(a.name()))
            .map(SchemaMigrated.Sysadmin::id)
            .collect(Collectors.toSet());
    assertThat(repromotedIds).hasSameSizeAs(schema.repromoted());
    assertThat(sysadmins("ckan_e2e")).containsAll(repromotedIds);

    // The harvest sources became packages.
    assertThat(schema.harvestPackages()).isEqualTo(schema.harvestSources()).isPositive();
    assertThat(schema.versionBefore()).isEqualTo("71");

    // The catalogue held what real portals hold (the generator's shapes, on by default) and it
    // all arrived: '' apart from NULL, extras keyed '', non-BMP characters, oversized extras, and
    // *_date extras dateutil reads and refuses; and every verification below still holds.
    for (String sql :
        List.of(
            "SELECT count(*) FROM package WHERE author = '' OR version = '' OR url = ''",
            "SELECT count(*) FROM package_extra WHERE key = ''",
            "SELECT count(*) FROM package WHERE title ~ '[\\U00010000-\\U0010FFFF]'",
            // (data.gov.uk's script 2 removes the oversized deprecated *_resources extras)
            "SELECT count(*) FROM package_extra WHERE octet_length(value) > 32766"
                + " AND key IN ('description_cy', 'thumbnail')",
            "SELECT count(*) FROM package_extra WHERE key LIKE '%\\_date'")) {
      assertThat(single("ckan_e2e", sql))
          .as(sql)
          .isPositive()
          .isEqualTo(single(stack.sourceDb.name(), sql));
    }

    // Solr holds exactly the target's non-deleted datasets.
    long expected = single("ckan_e2e", "SELECT count(*) FROM package WHERE state <> 'deleted'");
    assertThat(index.verified()).isTrue();
    assertThat(index.indexed()).isEqualTo(expected);
    assertThat(solrCount("default")).isEqualTo(expected);
  }

  @Test
  @Order(2)
  void serviceKilledMidDumpIsRestartedAndTheRunCompletes() throws Exception {
    Path spec = DemoSpec.write(stack, work, "ckan_e2e_killed");
    StringWriter out = new StringWriter();
    cli(
        out,
        "run",
        spec.toString(),
        "--run-id",
        "e2e-kill",
        "--detach",
        "--kafka",
        stack.bootstrapServers());

    await().atMost(Duration.ofMinutes(2)).until(() -> dumpProgressed(progress("e2e-kill")));
    stack.service("dump-service").kill();
    stack.service("dump-service").restart();
    stack.service("dump-service").awaitHealthy(Duration.ofMinutes(2));

    StringWriter follow = new StringWriter();
    assertThat(cli(follow, "status", "e2e-kill", "--kafka", stack.bootstrapServers())).isZero();
    await()
        .atMost(Duration.ofMinutes(5))
        .until(() -> types(events("e2e-kill")).contains(EventType.RUN_COMPLETED.wireName()));
    var events = events("e2e-kill");
    assertThat(ids(events, EventType.DUMP_COMPLETED)).hasSize(1);
    assertThat(ids(events, EventType.PHASE_FAILED)).isEmpty();
    long attempt =
        singleIn(
            stack.stateDbs.get("dump-service").name(),
            "SELECT attempt FROM ckan_migrate_state.phase_job WHERE run_id = 'e2e-kill'");
    assertThat(attempt).as("the dump ran again after the kill").isEqualTo(2);
    assertThat(rowsInAllTables("ckan_e2e_killed")).isEqualTo(rowsInAllTables("ckan_e2e"));
  }

  @Test
  @Order(3)
  @org.junit.jupiter.api.Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
  void brokerStoppedForThirtySecondsMidRunAndTheRunCompletesWithEachEventOnce() throws Exception {
    Path spec = DemoSpec.write(stack, work, "ckan_e2e_outage");
    StringWriter out = new StringWriter();
    assertThat(
            cli(
                out,
                "run",
                spec.toString(),
                "--run-id",
                "e2e-outage",
                "--detach",
                "--kafka",
                stack.bootstrapServers()))
        .as(out.toString())
        .isZero();
    await().atMost(Duration.ofMinutes(2)).until(() -> dumpProgressed(progress("e2e-outage")));

    // F5: the broker goes away mid-dump for 30 s and comes back on the same port and log dir.
    stack.kafka.stop();
    Thread.sleep(Duration.ofSeconds(30).toMillis());
    stack.kafka.restart();

    await()
        .atMost(Duration.ofMinutes(5))
        .until(() -> types(events("e2e-outage")).contains(EventType.RUN_COMPLETED.wireName()));
    var events = events("e2e-outage");
    for (EventType type :
        List.of(
            EventType.DUMP_COMPLETED,
            EventType.LOAD_COMPLETED,
            EventType.SCHEMA_MIGRATED,
            EventType.INDEX_COMPLETED,
            EventType.RUN_COMPLETED)) {
      assertThat(ids(events, type)).as(type.name() + " after the outage").hasSize(1);
    }
    assertThat(ids(events, EventType.PHASE_FAILED)).isEmpty();
    IndexCompleted index = payload(events, EventType.INDEX_COMPLETED, IndexCompleted.class);
    assertThat(index.verified()).isTrue();
    assertThat(index.indexed())
        .isEqualTo(
            single("ckan_e2e_outage", "SELECT count(*) FROM package WHERE state <> 'deleted'"));
    assertThat(rowsInAllTables("ckan_e2e_outage")).isEqualTo(rowsInAllTables("ckan_e2e"));
  }

  @Test
  @Order(4)
  void runsTheTopicNoLongerHasAreReadFromTheServicesStateDatabases() throws Exception {
    // As if the events' retention had passed: every record of the events topic deleted.
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            java.util.Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      var partitions =
          admin
              .describeTopics(List.of(org.ckanmigrate.contract.event.Topics.EVENTS))
              .allTopicNames()
              .get()
              .get(org.ckanmigrate.contract.event.Topics.EVENTS)
              .partitions();
      var latest =
          new java.util.HashMap<
              org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
      partitions.forEach(
          p ->
              latest.put(
                  new org.apache.kafka.common.TopicPartition(
                      org.ckanmigrate.contract.event.Topics.EVENTS, p.partition()),
                  org.apache.kafka.clients.admin.OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      var delete =
          new java.util.HashMap<
              org.apache.kafka.common.TopicPartition,
              org.apache.kafka.clients.admin.RecordsToDelete>();
      ends.forEach(
          (tp, info) ->
              delete.put(
                  tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(info.offset())));
      admin.deleteRecords(delete).all().get();
    }
    assertThat(events("e2e-run")).isEmpty();

    StringWriter without = new StringWriter();
    assertThat(cli(without, "status", "e2e-run", "--kafka", stack.bootstrapServers()))
        .isEqualTo(org.ckanmigrate.cli.ExitCodes.NO_SUCH_RUN);
    assertThat(without.toString()).contains("No run e2e-run", "add --state-db");

    List<String> state = new ArrayList<>();
    stack.stateDbs.values().forEach(db -> state.addAll(List.of("--state-db", db.jdbcUrl())));
    String user = stack.stateDbs.values().iterator().next().server().superuser();
    List<String> args =
        new ArrayList<>(
            List.of(
                "status", "e2e-run", "--kafka", stack.bootstrapServers(), "--state-db-user", user));
    args.addAll(state);
    StringWriter status = new StringWriter();
    assertThat(cli(status, args.toArray(String[]::new))).as(status.toString()).isZero();
    assertThat(status.toString())
        .contains("Run e2e-run SUCCEEDED")
        .containsPattern("dump +SUCCEEDED")
        .containsPattern("load +SUCCEEDED")
        .containsPattern("schema +SUCCEEDED")
        .containsPattern("index +SUCCEEDED");

    args.set(0, "resume");
    StringWriter resume = new StringWriter();
    assertThat(cli(resume, args.toArray(String[]::new))).as(resume.toString()).isZero();
    assertThat(resume.toString()).contains("Run e2e-run already SUCCEEDED; nothing to resume.");
  }

  private static int cli(StringWriter out, String... args) {
    return EndToEnd.cli(out, args);
  }

  private static List<EventEnvelope> events(String runId) {
    return EndToEnd.events(stack, runId);
  }

  private static List<EventEnvelope> progress(String runId) {
    try (var reader = new EventStreamReader(stack.bootstrapServers(), codec)) {
      return reader.progressForRun(runId, Duration.ofSeconds(15));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return List.of(); // the progress topic does not exist yet
    }
  }

  private static boolean dumpProgressed(List<EventEnvelope> events) {
    return events.stream()
        .filter(e -> e.type().equals(EventType.PHASE_PROGRESSED.wireName()))
        .map(e -> codec.payload(e, org.ckanmigrate.contract.event.PhaseProgressed.class))
        .anyMatch(p -> p.phase().equals("dump"));
  }

  private static Set<String> types(List<EventEnvelope> events) {
    return events.stream().map(EventEnvelope::type).collect(Collectors.toSet());
  }

  private static Set<String> ids(List<EventEnvelope> events, EventType type) {
    return EndToEnd.ids(events, type);
  }

  private static <T> T payload(List<EventEnvelope> events, EventType type, Class<T> payload) {
    return EndToEnd.payload(events, type, payload);
  }

  /** Rows of every ordinary table in schema public, counted with count(*). */
  private static long rowsInAllTables(String database) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = stack.connect(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    long total = 0;
    for (String table : tables) {
      total += single(database, "SELECT count(*) FROM " + table);
    }
    return total;
  }

  private static Set<String> sysadmins(String database) throws SQLException {
    Set<String> ids = new TreeSet<>();
    try (Connection c = stack.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM \"user\" WHERE sysadmin")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static long single(String database, String sql) throws SQLException {
    return EndToEnd.single(stack, database, sql);
  }

  private static long singleIn(String database, String sql) throws SQLException {
    return single(database, sql);
  }

  private static long solrCount(String siteId) throws Exception {
    return EndToEnd.solrCount(stack, siteId, "*:*");
  }
}
