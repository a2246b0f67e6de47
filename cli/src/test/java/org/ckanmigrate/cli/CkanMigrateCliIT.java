package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real broker: what it publishes and what it reads back. */
class CkanMigrateCliIT {

  private final EventCodec codec = new EventCodec("/test");
  private final String kafka = KafkaBroker.shared().bootstrapServers();

  @Test
  void badSpecStartsNothingAndListsEveryProblem(@TempDir Path dir) throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            target: {jdbc-url: "jdbc:postgresql://db/postgres", database: "a;b"}
            index: {core: ckan}
            """);
    String runId = UUID.randomUUID().toString();
    CliRun r =
        CliRun.of(
            "run", spec.toString(), "--start-phase", "index", "--run-id", runId, "--kafka", kafka);

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("target.user", "target.database", "index.solr-url", "index.site-id")
        .contains("Nothing was started");
    assertThat(eventsOf(runId)).isEmpty();
  }

  @Test
  void runPublishesTheSpecAndStatusAndListReadItBack(@TempDir Path dir) throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("reindex.yaml"),
            """
            target:
              jdbc-url: jdbc:postgresql://db:5432/postgres
              user: ckan
              password: {env: CKAN_TARGET_PASSWORD}
              database: ckan
            index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
            """);
    String runId = UUID.randomUUID().toString();
    CliRun r =
        CliRun.of(
            "run",
            spec.toString(),
            "--start-phase",
            "index",
            "--run-id",
            runId,
            "--detach",
            "--kafka",
            kafka);
    assertThat(r.code()).isEqualTo(ExitCodes.OK);

    var events = eventsOf(runId);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo(EventType.RUN_REQUESTED.wireName());
    RunRequested requested = codec.payload(events.get(0), RunRequested.class);
    assertThat(requested.startPhase()).isEqualTo("index");
    assertThat(requested.spec().target().password().env()).isEqualTo("CKAN_TARGET_PASSWORD");

    CliRun status = CliRun.of("status", runId, "--kafka", kafka);
    assertThat(status.code()).isZero();
    assertThat(status.out()).contains(runId).contains("index   RUNNING").contains("SKIPPED");
    CliRun list = CliRun.of("list", "--kafka", kafka);
    assertThat(list.out()).contains(runId);
    // The same, for scripts.
    CliRun statusJson = CliRun.of("status", runId, "--kafka", kafka, "--output", "json");
    assertThat(statusJson.code()).isZero();
    assertThat(statusJson.out().strip())
        .startsWith("{\"runId\":\"" + runId + "\"")
        .contains("\"phase\":\"index\",\"status\":\"RUNNING\"", "\"status\":\"SKIPPED\"");
    CliRun listJson = CliRun.of("list", "--kafka", kafka, "--output", "json");
    assertThat(listJson.out().strip()).startsWith("[").contains("\"runId\":\"" + runId + "\"");
    CliRun resume = CliRun.of("resume", runId, "--kafka", kafka);
    assertThat(resume.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(resume.err()).contains("has not failed");
  }

  @Test
  void runStartingAtTheLoadCarriesTheDumpToLoad(@TempDir Path dir) throws Exception {
    Path spec =
        Files.writeString(
            dir.resolve("load.yaml"),
            """
            target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: ckan}
            index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
            """);
    String runId = UUID.randomUUID().toString();
    CliRun missing =
        CliRun.of(
            "run", spec.toString(), "--start-phase", "load", "--run-id", runId, "--kafka", kafka);
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--dump-artifact");
    assertThat(eventsOf(runId)).isEmpty();

    CliRun r =
        CliRun.of(
            "run",
            spec.toString(),
            "--start-phase",
            "load",
            "--run-id",
            runId,
            "--dump-artifact",
            "/artifacts/run/ckan.sql.gz",
            "--dump-sha256",
            "ab12",
            "--detach",
            "--kafka",
            kafka);
    assertThat(r.code()).isZero();
    RunRequested requested = codec.payload(eventsOf(runId).get(0), RunRequested.class);
    assertThat(requested.inputs().dump().artifact()).isEqualTo("/artifacts/run/ckan.sql.gz");
    assertThat(requested.inputs().dump().sha256()).isEqualTo("ab12");
  }

  @Test
  void aRunIdReusedWithAnotherSpecIsRefusedAndNothingIsSent(@TempDir Path dir) throws Exception {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: DB}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    Path first = Files.writeString(dir.resolve("first.yaml"), yaml.replace("DB", "ckan"));
    Path other = Files.writeString(dir.resolve("other.yaml"), yaml.replace("DB", "ckan_other"));
    String runId = UUID.randomUUID().toString();
    String[] common = {"--start-phase", "index", "--run-id", runId, "--detach", "--kafka", kafka};
    assertThat(CliRun.of(concat("run", first.toString(), common)).code()).isZero();

    CliRun conflicting = CliRun.of(concat("run", other.toString(), common));

    assertThat(conflicting.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(conflicting.err())
        .contains("RUN_ID_CONFLICT")
        .contains(runId)
        .contains("Nothing was started");
    assertThat(eventsOf(runId)).hasSize(1);
    // The same spec again is a repeat, not a conflict (the services treat it as a duplicate).
    assertThat(CliRun.of(concat("run", first.toString(), common)).code()).isZero();
    assertThat(eventsOf(runId)).hasSize(2);
  }

  private static String[] concat(String command, String spec, String[] rest) {
    String[] all = new String[rest.length + 2];
    all[0] = command;
    all[1] = spec;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  @Test
  void deadLettersAreListedScrubbedAndChosenOnesReplayedToTheirTopic() throws Exception {
    String runId = UUID.randomUUID().toString();
    var valid =
        codec.start(
            runId,
            new RunRequested(
                new org.ckanmigrate.contract.spec.RunSpec(null, null, null, null, null), "index"));
    byte[] poison = "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String dlt =
        org.ckanmigrate.contract.event.Topics.deadLetter(
            org.ckanmigrate.contract.event.Topics.EVENTS);
    var props = new java.util.Properties();
    props.put("bootstrap.servers", kafka);
    props.put(
        "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    props.put(
        "value.serializer",
        org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(props)) {
      for (byte[] value :
          new byte[][] {
            codec.toJson(valid).getBytes(java.nio.charset.StandardCharsets.UTF_8), poison
          }) {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<>(dlt, runId, value);
        record
            .headers()
            .add(
                "kafka_dlt-original-topic",
                org.ckanmigrate.contract.event.Topics.EVENTS.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))
            .add(
                "kafka_dlt-exception-message",
                "could not connect: postgresql://ckan:s3cr3tw0rd@db/ckan password=hunter2"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        producer.send(record).get();
      }
    }

    CliRun list = CliRun.of("dead-letters", "list", "--run", runId, "--kafka", kafka);
    assertThat(list.code()).isZero();
    assertThat(list.out())
        .contains(valid.type() + " " + valid.id())
        .contains("unreadable (12 bytes)")
        .contains("2 record(s)")
        .doesNotContain("hunter2")
        .doesNotContain("w0rd");
    String position =
        list.out()
            .lines()
            .filter(l -> l.contains(valid.id()))
            .findFirst()
            .orElseThrow()
            .split("\\s+")[0];

    CliRun unknown =
        CliRun.of(
            "dead-letters", "replay", "--position", "0:999999", "--run", runId, "--kafka", kafka);
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(eventsOf(runId)).isEmpty();

    CliRun replay =
        CliRun.of(
            "dead-letters", "replay", "--position", position, "--run", runId, "--kafka", kafka);
    assertThat(replay.code()).isZero();
    assertThat(replay.out()).contains("1 record(s) replayed");
    var events = eventsOf(runId);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).id()).isEqualTo(valid.id());
  }

  @Test
  void unknownRunCannotBeResumed() {
    CliRun r = CliRun.of("resume", "no-such-run", "--kafka", kafka);
    assertThat(r.code()).isEqualTo(ExitCodes.NO_SUCH_RUN);
    assertThat(r.err()).contains("No run no-such-run");
  }

  private java.util.List<org.ckanmigrate.contract.event.EventEnvelope> eventsOf(String runId) {
    try (var reader = new EventStreamReader(kafka, codec)) {
      return reader.forRun(runId, Duration.ofSeconds(10));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return java.util.List.of(); // the topic does not exist yet: nothing was published
    }
  }
}
