package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.junit.jupiter.api.Test;

/** The demo's Solr warm-up against a real Solr with the CKAN configset. */
class SolrWarmUpIT {

  private final SolrServerProcess solr = SolrServerProcess.shared();

  @Test
  void indexesReadsAndDeletesItsOwnDocumentsOnly() throws Exception {
    String core = solr.coreUrl("ckan");
    long others = count(core, "*:*");
    SolrWarmUp warmUp = SolrWarmUp.start(core);
    assertThat(warmUp.await(Duration.ofMinutes(3))).as(warmUp.outcome()).isTrue();
    assertThat(warmUp.outcome()).matches("4000 documents indexed, read and deleted in .* s");
    assertThat(count(core, "site_id:ckan-migrate-warmup")).isZero();
    assertThat(count(core, "*:*")).isEqualTo(others);
  }

  @Test
  void aMissingCoreIsNamedInTheOutcomeWithoutThrowing() throws Exception {
    SolrWarmUp warmUp = SolrWarmUp.start(solr.baseUrl() + "/no-such-core");
    assertThat(warmUp.await(Duration.ofMinutes(1))).isTrue();
    assertThat(warmUp.outcome()).startsWith("stopped: Solr answered 404 to /update");
  }

  private static long count(String core, String q) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(core + "/select?rows=0&wt=json&q=" + q.replace(" ", "+")))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int at = body.indexOf("\"numFound\":");
    return Long.parseLong(body.substring(at + 11).replaceAll("(?s)[^0-9].*", ""));
  }
}
