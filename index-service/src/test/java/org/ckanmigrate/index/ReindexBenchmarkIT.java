package org.ckanmigrate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.common.event.EventCodec;
import org.ckanmigrate.common.event.EventEnvelope;
import org.ckanmigrate.common.event.EventType;
import org.ckanmigrate.common.event.IndexCompleted;
import org.ckanmigrate.common.event.ReindexRequested;
import org.ckanmigrate.common.kafka.EventPublisher;
import org.ckanmigrate.common.kafka.EventStreamReader;
import org.ckanmigrate.common.kafka.Topics;
import org.ckanmigrate.common.spec.IndexSpec;
import org.ckanmigrate.common.spec.TargetSpec;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.index.solr.SolrIndexWriter;
import org.ckanmigrate.index.solr.SolrRetry;
import org.ckanmigrate.testsupport.catalogue.CatalogueGenerator;
import org.ckanmigrate.testsupport.catalogue.CatalogueStats;
import org.ckanmigrate.testsupport.catalogue.CkanEra;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.ckanmigrate.testsupport.postgres.PostgresServer;
import org.ckanmigrate.testsupport.postgres.TestDatabase;
import org.ckanmigrate.testsupport.solr.SolrServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * docs/benchmarks/reindex.md: one generated 2.9-era catalogue indexed three ways into one Solr,
 * side by side: (a) the raw Solr ceiling (the same documents prebuilt, sent with the same writer
 * and batch size), (b) one index-service instance, (c) two. Runs only when {@code
 * -Dckan.benchmark.reindex.datasets=N} is given:
 *
 * <pre>
 * ./mvnw -B -o -pl index-service verify -Dit.test=ReindexBenchmarkIT \
 *     -Dckan.benchmark.reindex.datasets=50000
 * </pre>
 *
 * Optional: {@code -Dckan.benchmark.reindex.batch=500} (datasets per batch and Solr request). Solr
 * runs with a plain JVM (not the fast-start test options), as it would in production.
 */
class ReindexBenchmarkIT {

  private static final PostgresServer pg = PostgresServer.shared();

  @Test
  @Timeout(value = 90, unit = TimeUnit.MINUTES)
  void rawSolrCeilingVersusOneAndTwoInstances() throws Exception {
    String n = System.getProperty("ckan.benchmark.reindex.datasets");
    assumeTrue(n != null, "set -Dckan.benchmark.reindex.datasets=N to run the reindex benchmark");
    int datasets = Integer.parseInt(n);
    int batchSize = Integer.getInteger("ckan.benchmark.reindex.batch", 500);
    // As many senders as one instance has workers (worker-concurrency, default 2).
    int senders = Integer.getInteger("ckan.benchmark.reindex.senders", 2);
    List<String> report = new ArrayList<>();
    report.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load average at start "
            + loadAverage());

    try (TestDatabase stateDb = pg.createDatabase("reindex_bench_state");
        TestDatabase ckan = pg.createDatabase("reindex_bench_ckan");
        SolrServerProcess solr =
            SolrServerProcess.builder()
                .builtinCore("ckan", "ckan")
                .heap("1g")
                .jvmOptions()
                .start()) {
      long t = System.nanoTime();
      CatalogueStats stats;
      try (Connection c = ckan.connect()) {
        stats =
            CatalogueGenerator.builder()
                .era(CkanEra.V2_9)
                .datasets(datasets)
                .seed(1)
                .build()
                .generate(c);
      }
      report.add(
          "generate "
              + datasets
              + " datasets (2.9 era): "
              + secs(t)
              + "; "
              + stats.deletedDatasets()
              + " deleted, "
              + stats.harvestSourcePackages()
              + " harvest sources");

      // (a) the ceiling: documents built first (untimed), then only the Solr writes are timed.
      String siteA = "bench-a";
      List<List<IndexAction>> prebuilt = new ArrayList<>();
      long packages;
      long expected;
      try (Connection c = ckan.connect()) {
        CkanSchema schema = CkanSchema.detect(c);
        IndexSpec spec = spec(solr, siteA, batchSize);
        DatasetBatchReader reader = new DatasetBatchReader(schema);
        CkanDocumentBuilder builder =
            new CkanDocumentBuilder(IndexRules.from(spec, schema.release()));
        List<String> ids = DatasetIds.all(c);
        packages = ids.size();
        // What the index must hold afterwards (deleted datasets removed), as the phase checks it.
        expected = DatasetIds.indexable(c, true).size();
        t = System.nanoTime();
        for (int i = 0; i < ids.size(); i += batchSize) {
          List<IndexAction> batch = new ArrayList<>();
          for (DatasetRows rows :
              reader.read(c, ids.subList(i, Math.min(ids.size(), i + batchSize)))) {
            batch.add(builder.build(rows));
          }
          prebuilt.add(batch);
        }
        report.add(
            "(a) prebuild "
                + packages
                + " packages ("
                + expected
                + " to index, the rest deletes; untimed, one thread): "
                + secs(t));
      }
      // Solr runs a plain JVM: warm its JIT first (untimed, another site id), so (a) does not
      // pay the warm-up that (b) and (c) would then be spared.
      t = System.nanoTime();
      send(solr, "bench-warmup", prebuilt.subList(0, Math.min(prebuilt.size(), 20)), senders);
      report.add("Solr warm-up (untimed): " + secs(t));
      t = System.nanoTime();
      send(solr, siteA, prebuilt, senders);
      double ceiling = rate(packages, t);
      report.add(
          "(a) raw Solr ceiling: "
              + packages
              + " packages in "
              + secs(t)
              + " = "
              + fmt(ceiling)
              + " datasets/s ("
              + senders
              + " senders, commit included)");
      prebuilt.clear();

      String group = "reindex-bench-" + UUID.randomUUID();
      ConfigurableApplicationContext first = instance(stateDb, group);
      ConfigurableApplicationContext second = null;
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> holdsWorkPartitions(first));
        Run b = reindex(first, ckan, solr, "bench-b", batchSize, packages);
        double one = b.datasets() / b.seconds();
        report.add(
            "(b) one instance: "
                + b.datasets()
                + " packages in "
                + fmt(b.seconds())
                + " s = "
                + fmt(one)
                + " datasets/s ("
                + fmt(one / ceiling)
                + " of the ceiling; service's own figure "
                + fmt(b.completed().datasetsPerSecond())
                + ")");

        second = instance(stateDb, group);
        ConfigurableApplicationContext secondInstance = second;
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> holdsWorkPartitions(first) && holdsWorkPartitions(secondInstance));
        Run c = reindex(first, ckan, solr, "bench-c", batchSize, packages);
        double two = c.datasets() / c.seconds();
        report.add(
            "(c) two instances: "
                + c.datasets()
                + " packages in "
                + fmt(c.seconds())
                + " s = "
                + fmt(two)
                + " datasets/s ("
                + fmt(two / ceiling)
                + " of the ceiling; service's own figure "
                + fmt(c.completed().datasetsPerSecond())
                + ")");
        report.add("load average at end " + loadAverage());

        assertThat(b.completed().indexed()).isEqualTo(expected);
        assertThat(c.completed().indexed()).isEqualTo(expected);
        assertThat(b.completed().verified()).isTrue();
        assertThat(c.completed().verified()).isTrue();
      } finally {
        if (second != null) {
          second.close();
        }
        first.close();
        String text = String.join("\n", report);
        System.out.println("\n=== reindex benchmark ===\n" + text + "\n");
        Path out = Path.of("target", "reindex-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text + "\n");
      }
    }
  }

  /**
   * Sends the batches with {@code senders} threads, each with its own writer, then commits: the
   * same requests the service's workers make, without reading or building.
   */
  private static void send(
      SolrServerProcess solr, String siteId, List<List<IndexAction>> batches, int senders)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int k = 0; k < senders; k++) {
        int first = k;
        futures.add(
            pool.submit(
                () -> {
                  try (SolrIndexWriter writer =
                      new SolrIndexWriter(solr.baseUrl(), "ckan", siteId, SolrRetry.defaults())) {
                    for (int i = first; i < batches.size(); i += senders) {
                      writer.write(batches.get(i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (SolrIndexWriter writer =
        new SolrIndexWriter(solr.baseUrl(), "ckan", siteId, SolrRetry.defaults())) {
      writer.commit();
    }
  }

  /** The packages planned (every package id, as the index phase plans them) and the time. */
  private record Run(long datasets, double seconds, IndexCompleted completed) {}

  private static Run reindex(
      ConfigurableApplicationContext app,
      TestDatabase ckan,
      SolrServerProcess solr,
      String siteId,
      int batchSize,
      long packages) {
    String runId = "reindex-bench-" + UUID.randomUUID();
    EventCodec codec = app.getBean(EventCodec.class);
    TargetSpec target =
        new TargetSpec(
            pg.jdbcUrl("postgres"), pg.superuser(), null, ckan.name(), false, null, null, 1);
    EventEnvelope request =
        codec.start(runId, new ReindexRequested(target, spec(solr, siteId, batchSize)));
    app.getBean(EventPublisher.class).publish(Topics.EVENTS, request);
    EventEnvelope completed = awaitEvent(codec, runId, EventType.INDEX_COMPLETED);
    // Event times are stamped by the publisher: request published -> index-completed written.
    double seconds = Duration.between(request.time(), completed.time()).toNanos() / 1_000_000_000.0;
    return new Run(packages, seconds, codec.payload(completed, IndexCompleted.class));
  }

  private static IndexSpec spec(SolrServerProcess solr, String siteId, int batchSize) {
    return new IndexSpec(solr.baseUrl(), "ckan", siteId, batchSize, true, null);
  }

  private static ConfigurableApplicationContext instance(TestDatabase stateDb, String group) {
    return new SpringApplicationBuilder(IndexServiceApplication.class)
        .run(
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--spring.datasource.url=" + stateDb.jdbcUrl(),
            "--spring.datasource.username=" + pg.superuser(),
            "--spring.datasource.password=" + pg.password(),
            "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
            "--ckan-migrate.consumer-group=" + group,
            "--ckan-migrate.index.worker-group=" + group + "-workers",
            "--ckan-migrate.index.poll-interval=200ms");
  }

  private static boolean holdsWorkPartitions(ConfigurableApplicationContext app) {
    var container =
        app.getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer("ckan-migrate-reindex-work");
    var assigned = container == null ? null : container.getAssignedPartitions();
    return assigned != null && !assigned.isEmpty();
  }

  private static EventEnvelope awaitEvent(EventCodec codec, String runId, EventType type) {
    return await()
        .atMost(Duration.ofMinutes(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                EventStreamReader.firstOf(
                    KafkaBroker.shared().bootstrapServers(), codec, runId, type),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static double rate(long count, long startNanos) {
    return count / ((System.nanoTime() - startNanos) / 1_000_000_000.0);
  }

  private static String secs(long startNanos) {
    return fmt((System.nanoTime() - startNanos) / 1_000_000_000.0) + " s";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
