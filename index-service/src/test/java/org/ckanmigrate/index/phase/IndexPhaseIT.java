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
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.index.IndexRequests;
import org.ckanmigrate.platform.kafka.EventPublisher;
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
 * The index phase through the event backbone, with two index-service instances sharing one state
 * database and one consumer group: a run request starting at the index is planned by one of them,
 * its batches spread over the work topic's partitions, and the run ends with index-completed and a
 * Solr index that holds exactly the datasets CKAN would show.
 */
class IndexPhaseIT {

  private static final PostgresServer pg = PostgresServer.shared();
  private static TestDatabase stateDb;
  private static TestDatabase ckan;
  private static CatalogueStats stats;
  private static String overLongExtra;
  private static long overLongExtras;
  private static SolrServerProcess solr;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private static final String group = "index-it-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    stateDb = pg.createDatabase("index_phase_state");
    ckan = pg.createDatabase("index_phase_ckan");
    try (Connection c = ckan.connect()) {
      stats =
          CatalogueGenerator.builder().era(CkanEra.V2_9).datasets(400).seed(11).build().generate(c);
      // One extra over Solr's term limit: CKAN would post it whole and Solr refuse the document.
      try (var s = c.createStatement();
          var rs =
              s.executeQuery(
                  "INSERT INTO package_extra (id, package_id, key, value, state)"
                      + " SELECT 'term-limit-it', id, 'long_note', repeat('x', 40000), 'active'"
                      + " FROM package WHERE state = 'active' AND type = 'dataset'"
                      + " ORDER BY name LIMIT 1 RETURNING (SELECT name FROM package p"
                      + " WHERE p.id = package_id)")) {
        rs.next();
        overLongExtra = rs.getString(1);
      }
      try (var s = c.createStatement();
          var rs =
              s.executeQuery(
                  "SELECT count(DISTINCT p.id) FROM package p JOIN package_extra e"
                      + " ON e.package_id = p.id WHERE p.state <> 'deleted'"
                      + " AND e.state = 'active' AND octet_length(e.value) > 32766")) {
        rs.next();
        overLongExtras = rs.getLong(1);
      }
    }
    solr = SolrServerProcess.shared();
    first = IndexInstances.start(stateDb, group, "--ckan-migrate.index.session-idle=2s");
    second = IndexInstances.start(stateDb, group, "--ckan-migrate.index.session-idle=2s");
    IndexInstances.awaitBothHoldWork(first, second);
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
    ckan.close();
    stateDb.close();
  }

  @Test
  void reindexRequestedIsSharedByTwoInstancesAndEndsVerified() throws Exception {
    String runId = "reindex-" + UUID.randomUUID();
    String siteId = "site-" + runId.substring(8, 16);
    EventCodec codec = first.getBean(EventCodec.class);
    TargetSpec target = IndexRequests.target(pg, ckan);
    IndexSpec index = new IndexSpec(solr.baseUrl(), "ckan", siteId, 25, true, null);
    EventEnvelope request = IndexRequests.reindex(codec, runId, target, index);
    long sessionsBefore = ckanSessions();
    first.getBean(EventPublisher.class).publish(Topics.EVENTS, request);

    EventEnvelope completed = awaitEvent(codec, runId, EventType.INDEX_COMPLETED);
    IndexCompleted result = codec.payload(completed, IndexCompleted.class);
    // Every dataset but the deleted ones, plus the harvest sources (packages of type harvest).
    long expected = stats.datasets() - stats.deletedDatasets() + stats.harvestSourcePackages();
    assertThat(result.verified()).isTrue();
    assertThat(result.indexed()).isEqualTo(expected);
    assertThat(IndexInstances.solrCount(solr, siteId)).isEqualTo(expected);
    assertThat(result.termsCut())
        .as("documents with a value cut to the term limit")
        .isEqualTo(overLongExtras);
    assertThat(result.termsCutFirst())
        .hasSize((int) Math.min(overLongExtras, IndexCompleted.EXAMPLES))
        .contains(overLongExtra);
    awaitEvent(codec, runId, EventType.RUN_COMPLETED);

    IndexPlanStore plans = first.getBean(IndexPlanStore.class);
    var plan = plans.plan(runId).orElseThrow();
    assertThat(plan.datasets()).isEqualTo(stats.datasets() + stats.harvestSourcePackages());
    // At most 25 datasets a batch, as many batches as that takes rounded up to a multiple of the
    // work topic's 12 partitions, and each partition given the same number of them: the real
    // producer's partitioner put every batch where its key says.
    assertThat(plan.batches())
        .isEqualTo(((plan.datasets() + 24) / 25 + 11) / 12 * 12)
        .isLessThanOrEqualTo(plan.datasets());
    java.util.Map<Integer, Integer> perPartition = new java.util.TreeMap<>();
    try (var reader = new EventStreamReader(KafkaBroker.shared().bootstrapServers(), codec)) {
      for (var r : reader.readRaw(Topics.REINDEX_WORK, Duration.ofSeconds(15))) {
        if (r.key() != null && r.key().startsWith(runId + "/")) {
          perPartition.merge(r.partition(), 1, Integer::sum);
        }
      }
    }
    assertThat(perPartition).as("batches per work partition").hasSize(12);
    assertThat(perPartition.values()).containsOnly(plan.batches() / 12);
    assertThat(plans.progress(runId).done()).isEqualTo(plan.batches());
    double byFirst = documents(first);
    double bySecond = documents(second);
    assertThat(byFirst + bySecond).isGreaterThanOrEqualTo(expected);
    assertThat(byFirst).as("documents indexed by the first instance").isPositive();
    assertThat(bySecond).as("documents indexed by the second instance").isPositive();

    // Workers keep a run's CKAN connection between its batches (not one per batch) and close it
    // once idle.
    await().atMost(Duration.ofSeconds(30)).until(() -> openIndexConnections() == 0);
    assertThat(ckanSessions() - sessionsBefore)
        .as("connections opened to the CKAN database for " + plan.batches() + " batches")
        .isLessThan(plan.batches() / 2);

    // A redelivered batch is skipped: it is recorded done.
    first
        .getBean(EventPublisher.class)
        .publish(
            Topics.REINDEX_WORK,
            runId + "/0",
            codec.follow(
                request,
                new org.ckanmigrate.contract.event.ReindexBatchPlanned(
                    0, plan.batches(), java.util.List.of())));
    await().atMost(Duration.ofSeconds(30)).until(() -> skipped(first) + skipped(second) >= 1);
  }

  /** Connections ever opened to the CKAN database (PostgreSQL's own count). */
  private static long ckanSessions() throws Exception {
    try (Connection c = pg.connect("postgres");
        var st = c.prepareStatement("SELECT sessions FROM pg_stat_database WHERE datname = ?")) {
      st.setString(1, ckan.name());
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long openIndexConnections() throws Exception {
    try (Connection c = pg.connect("postgres");
        var st =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name"
                    + " = 'ckan-migrate index-service'")) {
      st.setString(1, ckan.name());
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static double documents(ConfigurableApplicationContext app) {
    return app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
        .get("ckan.migration.index.documents")
        .counter()
        .count();
  }

  @Test
  void anOptionTheTargetReleaseLacksIsRefusedBeforeAnythingIsIndexed() throws Exception {
    String runId = "reindex-" + UUID.randomUUID();
    String siteId = "site-" + runId.substring(8, 16);
    EventCodec codec = first.getBean(EventCodec.class);
    TargetSpec target = IndexRequests.target(pg, ckan);
    // Keeping deleted datasets searchable is a CKAN 2.10 setting; this target is a 2.9 catalogue.
    IndexSpec index = new IndexSpec(solr.baseUrl(), "ckan", siteId, 25, false, null);
    first
        .getBean(EventPublisher.class)
        .publish(Topics.EVENTS, IndexRequests.reindex(codec, runId, target, index));

    PhaseFailed failed =
        codec.payload(awaitEvent(codec, runId, EventType.PHASE_FAILED), PhaseFailed.class);
    assertThat(failed.code()).isEqualTo("INVALID_REQUEST");
    assertThat(failed.message())
        .contains("index.remove-deleted: false needs CKAN 2.10 or later", "CKAN 2.9");
    assertThat(first.getBean(IndexPlanStore.class).plan(runId)).as("a plan").isEmpty();
    assertThat(IndexInstances.solrCount(solr, siteId)).isZero();
  }

  @Test
  void aRequestWithoutTheIndexSectionFailsNamingIt() throws Exception {
    String runId = "reindex-" + UUID.randomUUID();
    EventCodec codec = first.getBean(EventCodec.class);
    TargetSpec target = IndexRequests.target(pg, ckan);
    // Only a hand-made event lacks it: the CLI refuses such a spec before publishing.
    first
        .getBean(EventPublisher.class)
        .publish(Topics.EVENTS, IndexRequests.reindex(codec, runId, target, null));

    PhaseFailed failed =
        codec.payload(awaitEvent(codec, runId, EventType.PHASE_FAILED), PhaseFailed.class);
    assertThat(failed.code()).isEqualTo("INVALID_REQUEST");
    assertThat(failed.message())
        .isEqualTo("Run " + runId + " has no index section; the index phase needs one");
    assertThat(first.getBean(IndexPlanStore.class).plan(runId)).as("a plan").isEmpty();
  }

  private static double skipped(ConfigurableApplicationContext app) {
    return app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
        .get("ckan.migration.index.batches.skipped")
        .counter()
        .count();
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
