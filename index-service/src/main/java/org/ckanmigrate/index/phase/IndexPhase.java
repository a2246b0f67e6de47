package org.ckanmigrate.index.phase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.Phase;
import org.ckanmigrate.contract.event.ReindexBatchPlanned;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.read.ReadIndexes;
import org.ckanmigrate.index.solr.SolrIndexWriter;
import org.ckanmigrate.index.solr.SolrRetry;
import org.ckanmigrate.index.solr.SolrWireFormat;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.platform.kafka.KafkaTopicsProperties;
import org.ckanmigrate.platform.phase.PhaseExecution;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.ckanmigrate.platform.phase.PhaseHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The index phase, on the instance that receives its trigger: plans the run (once: the plan is
 * recorded), publishes its batches to the partitioned work topic where every instance's {@link
 * BatchWorker}s take them, waits until each batch is recorded done, then commits, removes stale
 * documents and verifies Solr against the database. The index is never cleared first.
 */
@Component
@EnableConfigurationProperties(IndexProperties.class)
class IndexPhase implements PhaseHandler {

  static final String PHASE = Phase.INDEX.wireName();

  private final IndexPlanStore plans;
  private final EventCodec codec;
  private final IndexProperties properties;
  private final int workPartitions;

  IndexPhase(
      IndexPlanStore plans,
      EventCodec codec,
      IndexProperties properties,
      KafkaTopicsProperties topics) {
    this.plans = plans;
    this.codec = codec;
    this.properties = properties;
    this.workPartitions = topics.workPartitions();
  }

  @Override
  public String phase() {
    return PHASE;
  }

  @Override
  public boolean completesRun() {
    return true;
  }

  @Override
  public Object run(PhaseExecution execution) throws Exception {
    String runId = execution.runId();
    var planned = plans.plan(runId);
    TargetSpec target;
    IndexSpec index;
    if (planned.isPresent()) {
      target = codec.mapper().readValue(planned.get().targetJson(), TargetSpec.class);
      index = codec.mapper().readValue(planned.get().indexJson(), IndexSpec.class);
    } else {
      target = execution.requireSection("target", RunSpec::target);
      index = execution.requireSection("index", RunSpec::index);
      plan(runId, target, index);
    }
    var plan = plans.plan(runId).orElseThrow();
    try (Connection c = TargetConnections.open(target)) {
      ReadIndexes.ensure(c); // before any batch reads (again on resume: it may be gone)
    }
    // Through the outbox: a broker away while planning delays the batches, it does not fail the
    // phase; each is sent once the broker takes it.
    for (var batch : plans.openBatches(runId)) {
      execution.publishThroughOutbox(
          Topics.REINDEX_WORK,
          WorkSpread.key(runId, batch.batch(), workPartitions),
          new ReindexBatchPlanned(batch.batch(), plan.batches(), batch.ids()));
    }
    IndexPlanStore.Progress progress = awaitBatches(execution, plan);
    try (Connection c = TargetConnections.open(target)) {
      IndexRules rules = IndexRules.from(index, CkanSchema.detect(c).release());
      List<String> expected = DatasetIds.indexable(c, rules.removesDeleted());
      SolrIndexWriter.FinishResult finish;
      try (SolrIndexWriter writer = writer(index, rules)) {
        // Only the job's owner may delete from Solr: a stale worker's list could be out of date.
        execution.confirmLease("removing stale documents from Solr");
        finish = writer.finish(expected, index.previousSiteId());
      }
      ReadIndexes.drop(c); // every batch is read: the target is left with CKAN's indexes only
      CrashPoints.reach("index.finish.done"); // Solr committed, the phase not yet recorded done
      double seconds = Math.max(0.001, plans.secondsSincePlanned(runId));
      IndexPlanStore.TermsCut cut = plans.termsCut(runId, IndexCompleted.EXAMPLES);
      return new IndexCompleted(
          finish.indexed(),
          progress.deleted(),
          finish.staleRemoved() + finish.previousSiteRemoved(),
          true,
          plan.datasets() / seconds,
          cut.count(),
          cut.first());
    }
  }

  private void plan(String runId, TargetSpec target, IndexSpec index)
      throws PhaseFailureException, SQLException {
    List<String> ids;
    try (Connection c = TargetConnections.open(target)) {
      // An option the target release does not have is refused before anything is planned or
      // indexed (one connection for both: the target may be a remote server).
      try {
        IndexRules.from(index, CkanSchema.detect(c).release());
      } catch (IllegalArgumentException e) {
        throw new PhaseFailureException(ErrorCode.INVALID_REQUEST, e.getMessage(), e);
      }
      ids = DatasetIds.all(c);
    }
    int size = index.batchSize() > 0 ? index.batchSize() : properties.defaultBatchSize();
    List<List<String>> batches = WorkSpread.split(ids, size, workPartitions);
    plans.create(
        new IndexPlanStore.Plan(
            runId,
            codec.mapper().writeValueAsString(target),
            codec.mapper().writeValueAsString(index),
            batches.size(),
            ids.size()),
        batches);
  }

  private IndexPlanStore.Progress awaitBatches(PhaseExecution execution, IndexPlanStore.Plan plan)
      throws PhaseFailureException, InterruptedException {
    long lastDone = -1;
    long lastChange = System.nanoTime();
    while (true) {
      execution.checkNotCancelled();
      IndexPlanStore.Progress progress = plans.progress(plan.runId());
      if (progress.done() != lastDone) {
        lastDone = progress.done();
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange >= properties.batchStallTimeout().toNanos()) {
        throw new PhaseFailureException(
            ErrorCode.INDEX_STALLED,
            "No batch of run "
                + plan.runId()
                + " finished for "
                + properties.batchStallTimeout()
                + " ("
                + progress.done()
                + " of "
                + plan.batches()
                + " done): a batch could not be taken. Check that an index-service worker is"
                + " running and the dead-letter topic "
                + org.ckanmigrate.contract.event.Topics.deadLetter(
                    org.ckanmigrate.contract.event.Topics.REINDEX_WORK)
                + ", then resume the run (the batches not done are published again)");
      }
      execution.progress(progress.datasetsDone(), plan.datasets(), "datasets");
      if (progress.failed() > 0) {
        var failure = plans.firstFailure(plan.runId()).orElseThrow();
        throw new PhaseFailureException(
            failure.code(),
            "Batch "
                + failure.batch()
                + " of "
                + plan.batches()
                + " failed: "
                + failure.message()
                + " (resume the run to retry the batches not done)");
      }
      if (progress.done() >= plan.batches()) {
        return progress;
      }
      Thread.sleep(properties.pollInterval().toMillis());
    }
  }

  SolrIndexWriter writer(IndexSpec index, IndexRules rules) {
    return new SolrIndexWriter(
        index.solrUrl(),
        index.core(),
        index.siteId(),
        SolrWireFormat.of(rules.release()),
        new SolrRetry(properties.solrRetries(), properties.solrBackoff()));
  }
}
