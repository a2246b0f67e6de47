package org.ckanmigrate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.index.solr.SolrIndexWriter;
import org.ckanmigrate.index.solr.SolrRetry;
import org.ckanmigrate.index.solr.SolrWireFormat;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CatalogueStats;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

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
 * Optional: {@code -Dckan.benchmark.reindex.batch=500} (datasets per batch and Solr request),
 * {@code .workers=N} (worker threads per instance, and the ceiling's senders), {@code .steps=a|ab}
 * (stop early), {@code .configset=DIR} (another configset), {@code .restore=FILE} (index a CKAN
 * database restored from this plain {@code pg_dump} instead of a generated one; {@code .datasets}
 * then only switches the benchmark on). Solr runs with a plain JVM (not the fast-start test
 * options), as it would in production. Each step reports the CPU seconds Solr, this JVM and
 * PostgreSQL spent per 1,000 datasets ({@link ProcessCpu}).
 */
class ReindexBenchmarkIT {

  private static final PostgresServer pg = PostgresServer.shared();
  private static final int DEFAULT_WORKERS = 2; // IndexProperties.workerConcurrency's default

  @Test
  @Timeout(value = 90, unit = TimeUnit.MINUTES)
  void rawSolrCeilingVersusOneAndTwoInstances() throws Exception {
    String n = System.getProperty("ckan.benchmark.reindex.datasets");
    assumeTrue(n != null, "set -Dckan.benchmark.reindex.datasets=N to run the reindex benchmark");
    int datasets = Integer.parseInt(n);
    int batchSize = Integer.getInteger("ckan.benchmark.reindex.batch", 500);
    // Worker threads per instance (ckan-migrate.index.worker-concurrency); the service's default
    // unless given. The ceiling sends with as many threads as one instance has workers.
    Integer workers = Integer.getInteger("ckan.benchmark.reindex.workers");
    int senders =
        Integer.getInteger(
            "ckan.benchmark.reindex.senders", workers != null ? workers : DEFAULT_WORKERS);
    List<String> report = new ArrayList<>();
    report.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load average at start "
            + loadAverage());

    String steps = System.getProperty("ckan.benchmark.reindex.steps", "abc");
    report.add(
        "settings: batch "
            + batchSize
            + ", workers per instance "
            + (workers != null ? workers : DEFAULT_WORKERS)
            + ", ceiling senders "
            + senders
            + ", configset "
            + System.getProperty("ckan.benchmark.reindex.configset", "built-in ckan")
            + ", steps "
            + steps);
    try {
      run(report, datasets, batchSize, senders, workers, steps);
    } finally {
      report.add("load average at end " + loadAverage());
      String text = String.join("\n", report);
      System.out.println("\n=== reindex benchmark ===\n" + text + "\n");
      Path out = Path.of("target", "reindex-benchmark.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, text + "\n");
    }
  }

  private static void run(
      List<String> report, int datasets, int batchSize, int senders, Integer workers, String steps)
      throws Exception {
    try (TestDatabase stateDb = pg.createDatabase("reindex_bench_state");
        TestDatabase ckan = pg.createDatabase("reindex_bench_ckan");
        SolrServerProcess solr = solrWithCkanCore().heap("1g").jvmOptions().start()) {
      long t = System.nanoTime();
      String restore = System.getProperty("ckan.benchmark.reindex.restore");
      if (restore != null) {
        // Another catalogue's own documents, e.g. the demo's migrated target (end-to-end.sh): a
        // ceiling on the very datasets the demo indexed, not on a generated stand-in.
        Path dump = Path.of(restore);
        pg.psqlFile(ckan.name(), dump, Duration.ofMinutes(30));
        try (Connection c = ckan.connect();
            var s = c.createStatement()) {
          s.execute("VACUUM (ANALYZE)");
        }
        report.add("restore " + dump.getFileName() + " (a CKAN database's dump): " + secs(t));
      } else {
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
      }

      Cpu cpu = Cpu.of(solr, ckan);
      report.add(
          "CPU accounting: Solr pid "
              + cpu.solr().pid()
              + ", test JVM pid "
              + cpu.service().pid()
              + ", PostgreSQL postmaster pid "
              + cpu.postgres().pid()
              + " (with its backends)");

      // (a) the ceiling: documents built first (untimed), then only the Solr writes are timed.
      String siteA = "bench-a";
      List<List<IndexAction>> prebuilt = new ArrayList<>();
      long packages;
      long expected;
      SolrWireFormat wire;
      try (Connection c = ckan.connect()) {
        CkanSchema schema = CkanSchema.detect(c);
        wire = SolrWireFormat.of(schema.release());
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
      send(solr, "bench-warmup", wire, prebuilt.subList(0, Math.min(prebuilt.size(), 20)), senders);
      report.add("Solr warm-up (untimed): " + secs(t));
      t = System.nanoTime();
      ProcessCpu.Split cpuBefore = cpu.split();
      send(solr, siteA, wire, prebuilt, senders);
      double ceilingSeconds = (System.nanoTime() - t) / 1e9;
      ProcessCpu.Split cpuA = cpu.split().minus(cpuBefore);
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
      report.add("(a) " + cpuA.per1000(packages, ceilingSeconds, cores()));
      prebuilt.clear();
      if (!steps.contains("b")) {
        return;
      }

      String group = "reindex-bench-" + UUID.randomUUID();
      ConfigurableApplicationContext first = instance(stateDb, group, workers);
      ConfigurableApplicationContext second = null;
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> holdsWorkPartitions(first));
        cpuBefore = cpu.split();
        Run b = reindex(first, ckan, solr, "bench-b", batchSize, packages);
        ProcessCpu.Split cpuB = cpu.split().minus(cpuBefore);
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
        report.add("(b) " + cpuB.per1000(packages, b.seconds(), cores()));
        assertThat(b.completed().indexed()).isEqualTo(expected);
        assertThat(b.completed().verified()).isTrue();
        if (!steps.contains("c")) {
          return;
        }

        second = instance(stateDb, group, workers);
        ConfigurableApplicationContext secondInstance = second;
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> holdsWorkPartitions(first) && holdsWorkPartitions(secondInstance));
        cpuBefore = cpu.split();
        Run c = reindex(first, ckan, solr, "bench-c", batchSize, packages);
        ProcessCpu.Split cpuC = cpu.split().minus(cpuBefore);
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
        report.add("(c) " + cpuC.per1000(packages, c.seconds(), cores()));

        assertThat(c.completed().indexed()).isEqualTo(expected);
        assertThat(c.completed().verified()).isTrue();
      } finally {
        if (second != null) {
          second.close();
        }
        first.close();
      }
    }
  }

  /**
   * Sends the batches with {@code senders} threads, each with its own writer, then commits: the
   * same requests the service's workers make, without reading or building.
   */
  private static void send(
      SolrServerProcess solr,
      String siteId,
      SolrWireFormat wire,
      List<List<IndexAction>> batches,
      int senders)
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
                      new SolrIndexWriter(
                          solr.baseUrl(), "ckan", siteId, wire, SolrRetry.defaults())) {
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
        new SolrIndexWriter(solr.baseUrl(), "ckan", siteId, wire, SolrRetry.defaults())) {
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
    TargetSpec target = IndexRequests.target(pg, ckan);
    EventEnvelope request =
        IndexRequests.reindex(codec, runId, target, spec(solr, siteId, batchSize));
    EventEnvelope completed;
    try (EventWatch watch = new EventWatch()) {
      app.getBean(EventPublisher.class).publish(Topics.EVENTS, request);
      completed = watch.first(codec, runId, EventType.INDEX_COMPLETED);
    }
    // Event times are stamped by the publisher: request published -> index-completed written.
    double seconds = Duration.between(request.time(), completed.time()).toNanos() / 1_000_000_000.0;
    return new Run(packages, seconds, codec.payload(completed, IndexCompleted.class));
  }

  private static IndexSpec spec(SolrServerProcess solr, String siteId, int batchSize) {
    return new IndexSpec(solr.baseUrl(), "ckan", siteId, batchSize, true, null);
  }

  private static ConfigurableApplicationContext instance(
      TestDatabase stateDb, String group, Integer workers) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=" + stateDb.jdbcUrl(),
                "--spring.datasource.username=" + pg.superuser(),
                "--spring.datasource.password=" + pg.password(),
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--ckan-migrate.consumer-group=" + group,
                "--ckan-migrate.index.worker-group=" + group + "-workers",
                "--ckan-migrate.index.poll-interval=200ms"));
    if (workers != null) {
      args.add("--ckan-migrate.index.worker-concurrency=" + workers);
    }
    return new SpringApplicationBuilder(IndexServiceApplication.class)
        .run(args.toArray(String[]::new));
  }

  // Every worker consumer of the instance holds partitions: the group has settled, so no
  // rebalance pauses the run being timed.
  private static boolean holdsWorkPartitions(ConfigurableApplicationContext app) {
    var container =
        app.getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer("ckan-migrate-reindex-work");
    if (!(container instanceof ConcurrentMessageListenerContainer<?, ?> workers)) {
      return false;
    }
    return !workers.getContainers().isEmpty()
        && workers.getContainers().stream()
            .allMatch(
                c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty());
  }

  /**
   * Waits for the run's event of {@code type} with one consumer that reads only what is new
   * (positioned at the end of the events topic before the request is published): the benchmark's
   * own waiting should take as little CPU from Solr and the service as possible.
   */
  private static final class EventWatch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer =
        EventStreamReader.groupless(KafkaBroker.shared().bootstrapServers());

    EventWatch() {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.EVENTS).stream()
              .map(p -> new TopicPartition(Topics.EVENTS, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end now, before the request
    }

    EventEnvelope first(EventCodec codec, String runId, EventType type) {
      long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofSeconds(1))) {
          if (record.value() == null) {
            continue;
          }
          EventEnvelope e = codec.fromJson(new String(record.value(), StandardCharsets.UTF_8));
          if (runId.equals(e.subject()) && e.type().equals(type.wireName())) {
            return e;
          }
        }
      }
      throw new AssertionError("no " + type.wireName() + " for run " + runId + " within 60 min");
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  // -Dckan.benchmark.reindex.configset=DIR tries a configset directory instead of the built-in one.
  private static SolrServerProcess.Builder solrWithCkanCore() {
    String dir = System.getProperty("ckan.benchmark.reindex.configset");
    return dir == null
        ? SolrServerProcess.builder().builtinCore("ckan", "ckan")
        : SolrServerProcess.builder().core("ckan", Path.of(dir));
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The three parties whose CPU the benchmark accounts for. */
  private record Cpu(ProcessCpu solr, ProcessCpu service, ProcessCpu postgres) {

    static Cpu of(SolrServerProcess solr, TestDatabase db) throws Exception {
      String home = solr.home().toString();
      long solrPid =
          ProcessHandle.current()
              .descendants()
              .filter(h -> h.info().arguments().map(a -> List.of(a).contains(home)).orElse(false))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no Solr process with home " + home))
              .pid();
      long postmaster;
      try (Connection c = db.connect();
          var st = c.createStatement();
          var rs = st.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        // The backend's parent, read while the backend lives.
        postmaster = ProcessCpu.stat(rs.getLong(1))[0];
      }
      return new Cpu(
          new ProcessCpu(solrPid, false),
          new ProcessCpu(ProcessHandle.current().pid(), false),
          new ProcessCpu(postmaster, true));
    }

    ProcessCpu.Split split() {
      return new ProcessCpu.Split(solr.seconds(), service.seconds(), postgres.seconds());
    }
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
