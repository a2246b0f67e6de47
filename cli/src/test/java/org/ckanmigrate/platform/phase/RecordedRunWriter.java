package org.ckanmigrate.platform.phase;

import javax.sql.DataSource;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes a run into a state database through the services' own {@link PhaseJobStore} and schema
 * (Flyway, as the services migrate it), step by step as {@code PhaseRunner} records it: the spec
 * and the trigger when a phase is requested, the claim, the outcome with its event in the outbox.
 * For tests of what reads state databases (the CLI's fallback) without running a service.
 */
public final class RecordedRunWriter {

  private final PhaseJobStore store;
  private final EventCodec codec;

  public RecordedRunWriter(DataSource state, EventCodec codec) {
    Flyway.configure()
        .dataSource(state)
        .locations("classpath:db/ckan-migrate-state")
        .schemas("ckan_migrate_state")
        .defaultSchema("ckan_migrate_state")
        .createSchemas(true)
        .load()
        .migrate();
    this.store = new PhaseJobStore(JdbcClient.create(state));
    this.codec = codec;
  }

  /** The run's request seen: its spec recorded (every service does, whatever phase it runs). */
  public void specRecorded(EventEnvelope runRequested) {
    RunRequested r = codec.payload(runRequested, RunRequested.class);
    store.recordRunSpec(
        runRequested.subject(),
        runRequested.correlationid(),
        codec.mapper().writeValueAsString(r.spec()),
        r.startPhase());
  }

  /** The run requested from {@code phase}: the spec recorded, the phase requested by it. */
  public void requested(EventEnvelope runRequested, String phase) {
    specRecorded(runRequested);
    store.insertRequested(runRequested.subject(), phase, codec.toJson(runRequested));
  }

  /** {@code phase} requested by {@code trigger} (the previous phase's completion). */
  public void requestedBy(EventEnvelope trigger, String phase) {
    store.insertRequested(trigger.subject(), phase, codec.toJson(trigger));
  }

  /** {@code phase} claimed and completed with {@code result}; returns the completion event. */
  public EventEnvelope succeeded(EventEnvelope trigger, String phase, Object result) {
    String runId = trigger.subject();
    int attempt = claim(runId, phase);
    EventEnvelope completion = codec.follow(trigger, result);
    String json = codec.toJson(completion);
    store.succeed(runId, phase, "test-worker", attempt, json);
    store.enqueueOutbox(Topics.EVENTS, runId, completion.id(), json);
    return completion;
  }

  /** {@code phase} claimed and failed with {@code code}; returns the failure event. */
  public EventEnvelope failed(EventEnvelope trigger, String phase, ErrorCode code, String message) {
    String runId = trigger.subject();
    int attempt = claim(runId, phase);
    EventEnvelope failure =
        codec.follow(
            trigger, new PhaseFailed(phase, code.name(), message, attempt, java.util.Map.of()));
    String json = codec.toJson(failure);
    store.fail(runId, phase, "test-worker", attempt, code.name(), message, json);
    store.enqueueOutbox(Topics.EVENTS, runId, failure.id(), json);
    return failure;
  }

  private int claim(String runId, String phase) {
    return store
        .claim(runId, phase, "test-worker", java.time.Duration.ofMinutes(1))
        .orElseThrow()
        .attempt();
  }
}
