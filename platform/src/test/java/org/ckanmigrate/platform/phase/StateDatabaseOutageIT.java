package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service's state database goes away (the real server refuses every connection to it) while a
 * valid trigger arrives: a short outage is waited out and the run completes; one longer than the
 * budget ends in a visible STATE_DB_UNAVAILABLE failure that a resume completes. Before, the
 * trigger was dead-lettered after two seconds and the run stalled without a word.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StateDatabaseOutageIT {

  private TestDatabase stateDb;
  private PhaseTestSupport support;
  private ConfigurableApplicationContext app;

  @BeforeEach
  void setUp() throws Exception {
    stateDb = PostgresServer.shared().createDatabase("outage_state");
    support = new PhaseTestSupport(stateDb);
  }

  @AfterEach
  void tearDown() throws Exception {
    reachable(true);
    if (app != null) {
      app.close();
    }
    stateDb.close();
  }

  private ConfigurableApplicationContext start(String budget) {
    Map<String, String> p = support.properties(0, "RESUME");
    p.put("spring.datasource.hikari.connection-timeout", "1000");
    p.put("ckan-migrate.kafka.outage-budget", budget);
    ConfigurableApplicationContext started = support.start(p);
    // The shared topic holds other tests' events (a poison record among them): let this new
    // consumer group get through them while the database is up, so the outage meets our trigger.
    app = started;
    String warmUp = "run-" + UUID.randomUUID();
    started.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(warmUp));
    awaitSucceeded(warmUp, Duration.ofMinutes(2));
    return started;
  }

  /** Whether this run's trigger ended up in the dead-letter topic. */
  private boolean deadLettered(String runId) {
    try (var reader =
        new org.ckanmigrate.client.EventStreamReader(
            org.ckanmigrate.testsupport.kafka.KafkaBroker.shared().bootstrapServers(),
            support.codec)) {
      return reader.readRaw(Topics.deadLetter(Topics.EVENTS), Duration.ofSeconds(10)).stream()
          .anyMatch(r -> runId.equals(r.key()));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return false; // no dead-letter topic yet
    }
  }

  /** Makes the state database refuse (or accept again) every connection, ending open sessions. */
  private void reachable(boolean on) throws Exception {
    try (Connection c = PostgresServer.shared().connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + stateDb.name() + " ALLOW_CONNECTIONS " + on);
      if (!on) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + stateDb.name()
                + "'");
      }
    }
  }

  private EventEnvelope requestFor(String runId) {
    return support.codec.start(
        runId, new RunRequested(new RunSpec(null, null, null, null, null), support.phase));
  }

  private void awaitSucceeded(String runId, Duration atMost) {
    PhaseJobStore store = app.getBean(PhaseJobStore.class);
    await()
        .atMost(atMost)
        .ignoreExceptions() // the pool reconnects on its own time
        .until(
            () ->
                store
                    .job(runId, support.phase)
                    .map(j -> j.status() == JobStatus.SUCCEEDED)
                    .orElse(false));
  }

  @Test
  void anOutageShorterThanTheBudgetIsWaitedOutAndTheRunCompletes() throws Exception {
    app = start("2m");
    String runId = "run-" + UUID.randomUUID();
    reachable(false);
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(runId));
    Thread.sleep(12_000); // six times the old retries' two seconds
    reachable(true);

    awaitSucceeded(runId, Duration.ofSeconds(90));
    assertThat(support.executions(runId)).isEqualTo(1);
    assertThat(deadLettered(runId)).as("the trigger was dead-lettered").isFalse();
    assertThat(support.events(runId, EventType.PHASE_FAILED.wireName())).isEmpty();
  }

  @Test
  void anOutageLongerThanTheBudgetFailsThePhaseVisiblyAndAResumeCompletesIt() throws Exception {
    app = start("5s");
    String runId = "run-" + UUID.randomUUID();
    reachable(false);
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(runId));

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> !support.events(runId, EventType.PHASE_FAILED.wireName()).isEmpty());
    PhaseFailed failed =
        support.codec.payload(
            support.events(runId, EventType.PHASE_FAILED.wireName()).get(0), PhaseFailed.class);
    assertThat(failed.code()).isEqualTo("STATE_DB_UNAVAILABLE");
    assertThat(failed.phase()).isEqualTo(support.phase);
    assertThat(failed.message()).contains("ckan-migrate resume " + runId);

    reachable(true);
    // What `ckan-migrate resume` sends: the run's spec, starting at the failed phase.
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, requestFor(runId));
    awaitSucceeded(runId, Duration.ofSeconds(60));
    assertThat(support.executions(runId)).isEqualTo(1);
  }
}
