package org.ckanmigrate.index.phase;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.ckanmigrate.testsupport.solr.SolrServerProcess;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** What the multi-instance index tests check on instances and on Solr. */
final class IndexInstances {

  private IndexInstances() {}

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
