package org.ckanmigrate.index.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.index.IndexRequests;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.ckanmigrate.platform.phase.JobStatus;
import org.ckanmigrate.platform.phase.JobView;
import org.ckanmigrate.platform.phase.PhaseJobStore;
import org.ckanmigrate.platform.phase.PhaseRunner;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CatalogueStats;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two index-service instances share a reindex run; the one running the phase stops mid-run. The
 * index phase resumes (its interruption policy): once the stopped instance's lease expires the
 * other takes the job over, re-publishes the batches not yet done, and ends the run verified.
 */
class IndexPhaseFailoverIT {

  private static final PostgresServer pg = PostgresServer.shared();
  private static TestDatabase stateDb;
  private static TestDatabase ckan;
  private static CatalogueStats stats;
  private static SolrServerProcess solr;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private static final String group = "index-failover-it-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    stateDb = pg.createDatabase("index_failover_state");
    ckan = pg.createDatabase("index_failover_ckan");
    try (Connection c = ckan.connect()) {
      stats =
          CatalogueGenerator.builder().era(CkanEra.V2_9).datasets(600).seed(23).build().generate(c);
    }
    solr = SolrServerProcess.shared();
    first =
        IndexInstances.start(
            stateDb,
            group, // A short lease, so the survivor takes over within seconds.
            "--ckan-migrate.phase.lease=4s",
            "--ckan-migrate.phase.heartbeat=1s",
            "--ckan-migrate.phase.recovery-interval=1s");
    second =
        IndexInstances.start(
            stateDb,
            group, // A short lease, so the survivor takes over within seconds.
            "--ckan-migrate.phase.lease=4s",
            "--ckan-migrate.phase.heartbeat=1s",
            "--ckan-migrate.phase.recovery-interval=1s");
    IndexInstances.awaitBothHoldWork(first, second);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    ckan.close();
    stateDb.close();
  }

  @Test
  void theOtherInstanceFinishesTheRunWhenThePhaseOwnerStopsMidRun() throws Exception {
    String runId = "reindex-" + UUID.randomUUID();
    String siteId = "failover-" + runId.substring(8, 16);
    EventCodec codec = first.getBean(EventCodec.class);
    TargetSpec target = IndexRequests.target(pg, ckan);
    // Small batches: many of them, so the run is still going when its owner stops.
    IndexSpec index = new IndexSpec(solr.baseUrl(), "ckan", siteId, 3, true, null);
    first
        .getBean(EventPublisher.class)
        .publish(Topics.EVENTS, IndexRequests.reindex(codec, runId, target, index));

    IndexPlanStore plans = first.getBean(IndexPlanStore.class);
    PhaseJobStore jobs = first.getBean(PhaseJobStore.class);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                plans.plan(runId).isPresent()
                    && plans.progress(runId).done() >= 5
                    && jobs.job(runId, IndexPhase.PHASE).map(JobView::owner).isPresent());
    JobView before = jobs.job(runId, IndexPhase.PHASE).orElseThrow();
    int batches = plans.plan(runId).orElseThrow().batches();
    assertThat(plans.progress(runId).done())
        .as("the run is still going when its owner stops")
        .isLessThan(batches);

    boolean firstOwns = before.owner().equals(first.getBean(PhaseRunner.class).owner());
    ConfigurableApplicationContext survivor = firstOwns ? second : first;
    if (firstOwns) {
      first.close();
      first = null;
    } else {
      second.close();
      second = null;
    }

    EventEnvelope completed = awaitEvent(codec, runId, EventType.INDEX_COMPLETED);
    IndexCompleted result = codec.payload(completed, IndexCompleted.class);
    long expected = stats.datasets() - stats.deletedDatasets() + stats.harvestSourcePackages();
    assertThat(result.verified()).isTrue();
    assertThat(result.indexed()).isEqualTo(expected);
    assertThat(IndexInstances.solrCount(solr, siteId)).isEqualTo(expected);
    JobView after =
        survivor.getBean(PhaseJobStore.class).job(runId, IndexPhase.PHASE).orElseThrow();
    assertThat(after.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(after.attempt()).as("resumed by a second attempt").isGreaterThan(before.attempt());
    assertThat(after.owner()).isEqualTo(survivor.getBean(PhaseRunner.class).owner());
    assertThat(survivor.getBean(IndexPlanStore.class).progress(runId).done()).isEqualTo(batches);
  }

  private static EventEnvelope awaitEvent(EventCodec codec, String runId, EventType type) {
    return await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                EventStreamReader.firstOf(
                    KafkaBroker.shared().bootstrapServers(), codec, runId, type),
            java.util.Optional::isPresent)
        .orElseThrow();
  }
}
