package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The phase runner against a real broker and a real state database, in one JVM. */
class PhaseRunnerIT {

  private TestDatabase stateDb;
  private PhaseTestSupport support;
  private ConfigurableApplicationContext app;

  @BeforeEach
  void setUp() throws Exception {
    stateDb = PostgresServer.shared().createDatabase("phase_state");
    support = new PhaseTestSupport(stateDb);
  }

  @AfterEach
  void tearDown() {
    if (app != null) {
      app.close();
    }
    stateDb.close();
  }

  @Test
  void eventDeliveredTwiceRunsItsPhaseOnce() {
    app = support.start(support.properties(300, "RESUME"));
    String runId = "run-" + UUID.randomUUID();
    EventEnvelope request = requestFor(runId);
    EventPublisher publisher = app.getBean(EventPublisher.class);
    publisher.publish(Topics.EVENTS, request);
    publisher.publish(Topics.EVENTS, request);

    awaitStatus(runId, JobStatus.SUCCEEDED);
    await().atMost(Duration.ofSeconds(20)).until(() -> duplicates(support.phase) >= 1.0);
    assertThat(support.executions(runId)).isEqualTo(1);
    var completions = support.events(runId, EventType.LOAD_COMPLETED.wireName());
    assertThat(completions).isNotEmpty();
    assertThat(completions.stream().map(EventEnvelope::id).distinct()).hasSize(1);
    EventEnvelope completion = completions.get(0);
    assertThat(completion.causationid()).isEqualTo(request.id());
    assertThat(completion.correlationid()).isEqualTo(request.correlationid());
    assertThat(completion.subject()).isEqualTo(runId);
  }

  @Test
  void duplicateOfFinishedPhaseReEmitsItsOutcomeWithTheSameId() {
    app = support.start(support.properties(0, "RESUME"));
    String runId = "run-" + UUID.randomUUID();
    EventEnvelope request = requestFor(runId);
    EventPublisher publisher = app.getBean(EventPublisher.class);
    publisher.publish(Topics.EVENTS, request);
    awaitStatus(runId, JobStatus.SUCCEEDED);

    publisher.publish(Topics.EVENTS, request);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> support.events(runId, EventType.LOAD_COMPLETED.wireName()).size() == 2);
    var completions = support.events(runId, EventType.LOAD_COMPLETED.wireName());
    assertThat(completions.get(0).id()).isEqualTo(completions.get(1).id());
    assertThat(support.executions(runId)).isEqualTo(1);
  }

  @Test
  void poisonRecordIsDeadLetteredAndLaterRecordsOfItsPartitionAreProcessed() {
    app = support.start(support.properties(0, "RESUME"));
    String runId = "run-" + UUID.randomUUID();
    byte[] garbage = ("{not json at all " + runId).getBytes(StandardCharsets.UTF_8);
    EventEnvelope unknownType =
        new EventEnvelope(
            "1.0",
            UUID.randomUUID().toString(),
            "/test",
            "org.ckanmigrate.from.the.future.v2",
            runId,
            java.time.Instant.now(),
            "c",
            null,
            "application/json",
            null);
    try (KafkaProducer<String, byte[]> raw = rawProducer()) {
      // Same key as the valid event: the same partition, ahead of it.
      raw.send(new ProducerRecord<>(Topics.EVENTS, runId, garbage));
      raw.send(
          new ProducerRecord<>(
              Topics.EVENTS,
              runId,
              support.codec.toJson(unknownType).getBytes(StandardCharsets.UTF_8)));
      raw.flush();
    }
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(runId));

    awaitStatus(runId, JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              try (var reader =
                  new EventStreamReader(KafkaBroker.shared().bootstrapServers(), support.codec)) {
                var dead =
                    reader
                        .readRaw(Topics.deadLetter(Topics.EVENTS), Duration.ofSeconds(10))
                        .stream()
                        .filter(r -> runId.equals(r.key()))
                        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .toList();
                assertThat(dead).hasSize(2);
                assertThat(dead.get(0)).isEqualTo(new String(garbage, StandardCharsets.UTF_8));
                assertThat(dead.get(1)).contains("from.the.future.v2");
              }
            });
    assertThat(
            app.getBean(MeterRegistry.class)
                .get("ckan.migration.events.dead.lettered")
                .tag("topic", Topics.EVENTS)
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void phaseOutlivingMaxPollIntervalRunsOnceWithoutRebalance() {
    Map<String, String> props = support.properties(9_000, "RESUME");
    props.put("spring.kafka.consumer.properties.max.poll.interval.ms", "3000");
    app = support.start(props);
    String runId = "run-" + UUID.randomUUID();
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(runId));

    awaitStatus(runId, JobStatus.RUNNING);
    awaitStatus(runId, JobStatus.SUCCEEDED);
    // Another event after the long phase still flows through the same consumer.
    String second = "run-" + UUID.randomUUID();
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(second));
    support.properties(0, "RESUME");
    awaitStatus(second, JobStatus.RUNNING);

    var rebalances = app.getBean(TestPhaseApplication.RevocationCounter.class);
    assertThat(rebalances.revoked.get()).isZero();
    assertThat(rebalances.assigned.get()).isEqualTo(1);
    assertThat(support.executions(runId)).isEqualTo(1);
    assertThat(app.getBean(PhaseJobStore.class).job(runId, support.phase).orElseThrow().attempt())
        .isEqualTo(1);
  }

  @Test
  void failedPhaseIsRetriedWhenTheRunIsResumedKeepingItsTrigger() {
    Map<String, String> props = support.properties(0, "RESUME");
    props.put("test.failing-attempts", "1");
    app = support.start(props);
    String runId = "run-" + UUID.randomUUID();
    EventEnvelope first = requestFor(runId);
    EventPublisher publisher = app.getBean(EventPublisher.class);
    publisher.publish(Topics.EVENTS, first);
    awaitStatus(runId, JobStatus.FAILED);
    JobView failed = app.getBean(PhaseJobStore.class).job(runId, support.phase).orElseThrow();
    assertThat(failed.errorCode()).isEqualTo("TARGET_UNAVAILABLE");
    assertThat(failed.errorMessage()).contains("attempt 1 fails").doesNotContain("hunter2");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !support.events(runId, EventType.PHASE_FAILED.wireName()).isEmpty());
    var failure =
        support.codec.payload(
            support.events(runId, EventType.PHASE_FAILED.wireName()).get(0),
            org.ckanmigrate.contract.event.PhaseFailed.class);
    assertThat(failure.code()).isEqualTo("TARGET_UNAVAILABLE");
    assertThat(failure.message()).doesNotContain("hunter2");
    assertThat(failure.details()).containsEntry("attempt", "1").containsKey("dsn");
    assertThat(failure.details().get("dsn")).doesNotContain("hunter2");
    assertThat(
            app.getBean(MeterRegistry.class)
                .get("ckan.migration.phase.failures")
                .tag("phase", support.phase)
                .tag("code", "TARGET_UNAVAILABLE")
                .counter()
                .count())
        .as("failures counted by phase and code, for the alert and the dashboard")
        .isEqualTo(1.0);

    // The resume is a new event for the same run.
    publisher.publish(Topics.EVENTS, requestFor(runId));
    awaitStatus(runId, JobStatus.SUCCEEDED);
    JobView done = app.getBean(PhaseJobStore.class).job(runId, support.phase).orElseThrow();
    assertThat(done.attempt()).isEqualTo(2);
    EventEnvelope completion = support.codec.fromJson(done.completionEvent());
    assertThat(completion.causationid()).isEqualTo(first.id());
  }

  @Test
  void requestReusingARunIdWithAnotherSpecIsRefusedAndTheRunGoesOn() {
    app = support.start(support.properties(0, "RESUME"));
    String runId = "run-" + UUID.randomUUID();
    EventPublisher publisher = app.getBean(EventPublisher.class);
    publisher.publish(Topics.EVENTS, requestFor(runId));
    awaitStatus(runId, JobStatus.SUCCEEDED);

    var otherTarget =
        TargetSpec.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1/postgres")
            .user("ckan")
            .database("another_target")
            .replace(true)
            .excludeTables(java.util.List.of())
            .schemaOnlyTables(java.util.List.of())
            .parallelism(1)
            .build();
    EventEnvelope conflicting =
        support.codec.start(
            runId,
            new RunRequested(new RunSpec(null, null, otherTarget, null, null), support.phase));
    publisher.publish(Topics.EVENTS, conflicting);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !support.events(runId, EventType.RUN_REJECTED.wireName()).isEmpty());
    var rejections = support.events(runId, EventType.RUN_REJECTED.wireName());
    assertThat(rejections).hasSize(1);
    var rejected =
        support.codec.payload(rejections.get(0), org.ckanmigrate.contract.event.RunRejected.class);
    assertThat(rejected.code()).isEqualTo("RUN_ID_CONFLICT");
    assertThat(rejected.rejectedEventId()).isEqualTo(conflicting.id());
    assertThat(rejected.message()).contains(runId).contains("different run spec");
    assertThat(support.executions(runId)).isEqualTo(1);
    assertThat(app.getBean(PhaseJobStore.class).runSpec(runId).orElseThrow())
        .doesNotContain("another_target");

    // The same spec again (what resume sends) is no conflict: the outcome is re-emitted.
    publisher.publish(Topics.EVENTS, requestFor(runId));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> support.events(runId, EventType.LOAD_COMPLETED.wireName()).size() == 2);
    assertThat(support.events(runId, EventType.RUN_REJECTED.wireName())).hasSize(1);
  }

  @Test
  void progressGoesToItsOwnShortLivedTopicAndTheRunRecordIsKeptForGood() throws Exception {
    var props = support.properties(3_000, "RESUME");
    props.put("ckan-migrate.phase.progress-interval", "200ms");
    app = support.start(props);
    String runId = "run-" + UUID.randomUUID();
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(runId));
    awaitStatus(runId, JobStatus.SUCCEEDED);

    try (var reader =
        new EventStreamReader(KafkaBroker.shared().bootstrapServers(), support.codec)) {
      assertThat(reader.progressForRun(runId, Duration.ofSeconds(10))).isNotEmpty();
    }
    assertThat(support.events(runId, EventType.PHASE_PROGRESSED.wireName())).isEmpty();
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
      var events =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.EVENTS);
      var progress =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.PROGRESS);
      var configs = admin.describeConfigs(java.util.List.of(events, progress)).all().get();
      assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
      assertThat(configs.get(progress).get("retention.ms").value()).isEqualTo("86400000");
    }
  }

  private EventEnvelope requestFor(String runId) {
    return support.codec.start(
        runId, new RunRequested(new RunSpec(null, null, null, null, null), support.phase));
  }

  private void awaitStatus(String runId, JobStatus status) {
    PhaseJobStore store = app.getBean(PhaseJobStore.class);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> store.job(runId, support.phase).map(j -> j.status() == status).orElse(false));
  }

  private double duplicates(String consumer) {
    var counter =
        app.getBean(MeterRegistry.class)
            .find("ckan.migration.events.duplicates")
            .tag("consumer", consumer)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static KafkaProducer<String, byte[]> rawProducer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }
}
