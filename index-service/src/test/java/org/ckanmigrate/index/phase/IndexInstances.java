package org.ckanmigrate.index.phase;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.index.IndexServiceApplication;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** What the multi-instance index tests check on instances and on Solr. */
final class IndexInstances {

  private IndexInstances() {}

  /**
   * Starts an index-service instance in this JVM on a shared state database and consumer group;
   * {@code extraArgs} add settings. Command-line arguments, so they take precedence over the
   * service's application.yml; they cannot override one set here (Spring joins a repeated option's
   * values with commas).
   */
  static ConfigurableApplicationContext start(
      TestDatabase stateDb, String group, String... extraArgs) {
    PostgresServer pg = stateDb.server();
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
                "--ckan-migrate.index.worker-concurrency=2",
                "--ckan-migrate.index.poll-interval=200ms"));
    args.addAll(List.of(extraArgs));
    return new SpringApplicationBuilder(IndexServiceApplication.class)
        .run(args.toArray(String[]::new));
  }

  /** Waits until both instances hold work partitions, before any batch is published. */
  static void awaitBothHoldWork(
      ConfigurableApplicationContext first, ConfigurableApplicationContext second) {
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> holdsWorkPartitions(first) && holdsWorkPartitions(second));
  }

  /** Whether this instance's reindex-work consumers hold partitions (the group has settled). */
  static boolean holdsWorkPartitions(ConfigurableApplicationContext app) {
    var container =
        app.getBean(KafkaListenerEndpointRegistry.class)
            .getListenerContainer("ckan-migrate-reindex-work");
    var assigned = container == null ? null : container.getAssignedPartitions();
    return assigned != null && !assigned.isEmpty();
  }

  /** Solr's document count for a site in the {@code ckan} core. */
  static long solrCount(SolrServerProcess solr, String siteId) throws Exception {
    String url = solr.coreUrl("ckan") + "/select?q=*:*&rows=0&wt=json&fq=site_id:" + siteId;
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    Map<?, ?> body = new tools.jackson.databind.json.JsonMapper().readValue(r.body(), Map.class);
    return ((Number) ((Map<?, ?>) body.get("response")).get("numFound")).longValue();
  }
}
