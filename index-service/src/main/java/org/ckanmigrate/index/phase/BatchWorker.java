package org.ckanmigrate.index.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.ReindexBatchPlanned;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.index.batch.BatchIndexer;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Indexes reindex batches from the partitioned work topic. Every index-service instance runs these
 * consumers in one group, so more instances (up to the topic's partitions) index faster. A batch
 * recorded done is skipped; a redelivered one is harmless anyway (upserts by {@code index_id}).
 */
@Component
class BatchWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

  private final IndexPlanStore plans;
  private final EventCodec codec;
  private final Counter documents;
  private final Timer batchDuration;
  private final Counter redelivered;
  private final RunSessions sessions;

  BatchWorker(
      IndexPlanStore plans,
      EventCodec codec,
      IndexPhase phase,
      IndexProperties properties,
      MeterRegistry meters) {
    this.plans = plans;
    this.codec = codec;
    this.sessions = new RunSessions(phase::writer, properties.sessionIdle());
    this.documents =
        Counter.builder("ckan.migration.index.documents")
            .description("CKAN documents written to Solr")
            .baseUnit("documents")
            .register(meters);
    this.batchDuration =
        Timer.builder("ckan.migration.index.batch.duration")
            .description("Time to read, build and write one reindex batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(meters);
    this.redelivered =
        Counter.builder("ckan.migration.index.batches.skipped")
            .description("Batches received again after they were recorded done")
            .register(meters);
    Gauge.builder("ckan.migration.index.batches.remaining", plans, IndexPlanStore::remaining)
        .description("Planned reindex batches not yet done, over all runs")
        .register(meters);
  }

  /** Closes the connections kept for the next batches (called by Spring on shutdown). */
  @Override
  public void close() {
    sessions.close();
  }

  @KafkaListener(
      id = "ckan-migrate-reindex-work",
      topics = Topics.REINDEX_WORK,
      groupId = "${ckan-migrate.index.worker-group:${spring.application.name}-workers}",
      concurrency = "${ckan-migrate.index.worker-concurrency:2}")
  void onBatch(EventEnvelope event) {
    if (codec.typeOf(event) != EventType.REINDEX_BATCH_PLANNED) {
      return;
    }
    ReindexBatchPlanned batch = codec.payload(event, ReindexBatchPlanned.class);
    String runId = event.subject();
    MDC.put("runId", runId);
    try {
      if (plans.isDone(runId, batch.batch())) {
        redelivered.increment();
        return;
      }
      var plan = plans.plan(runId);
      if (plan.isEmpty()) {
        log.warn("Batch {} of run {} has no plan here; ignored", batch.batch(), runId);
        return;
      }
      Timer.Sample sample = Timer.start();
      RunSessions.Session session = null;
      try {
        session = sessions.reuse(runId).orElse(null);
        if (session == null) {
          TargetSpec target = codec.mapper().readValue(plan.get().targetJson(), TargetSpec.class);
          IndexSpec index = codec.mapper().readValue(plan.get().indexJson(), IndexSpec.class);
          session = sessions.open(runId, target, index);
        }
        BatchIndexer.Outcome outcome =
            session.indexer().index(session.connection(), batch.packageIds());
        sessions.giveBack(session);
        session = null;
        plans.done(
            runId,
            batch.batch(),
            outcome.indexed(),
            outcome.deleted(),
            outcome.millis(),
            outcome.termsCut());
        documents.increment(outcome.indexed());
        log.info(
            "Run {}: batch {}/{} indexed {} deleted {} in {} ms",
            runId,
            batch.batch() + 1,
            batch.batches(),
            outcome.indexed(),
            outcome.deleted(),
            outcome.millis());
      } catch (PhaseFailureException e) {
        plans.failed(runId, batch.batch(), e.code(), Scrubber.scrub(e.getMessage()));
      } catch (Exception e) {
        log.error("Run {}: batch {} failed", runId, batch.batch(), e);
        plans.failed(
            runId,
            batch.batch(),
            ErrorCode.INTERNAL_ERROR,
            Scrubber.scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
      } finally {
        if (session != null) {
          sessions.discard(session);
        }
        sample.stop(batchDuration);
      }
    } finally {
      MDC.remove("runId");
    }
  }
}
