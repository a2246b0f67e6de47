package org.ckanmigrate.stack.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SolrServerProcessIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  @Test
  void indexedDocumentIsQueryableAndSurvivesStopAndRestartOnTheSamePort() throws Exception {
    try (SolrServerProcess solr = SolrServerProcess.builder().builtinCore("t", "tiny").start()) {
      String core = solr.coreUrl("t");
      int port = solr.port();
      assertThat(solr.baseUrl()).isEqualTo("http://127.0.0.1:" + port + "/solr");

      assertThat(post(core + "/update", "[{\"id\":\"ds-1\",\"title\":\"River levels\"}]"))
          .isEqualTo(200);
      assertThat(get(core + "/update?commit=true").statusCode()).isEqualTo(200);
      assertThat(get(core + "/select?q=title:river&wt=json").body())
          .contains("\"numFound\":1", "ds-1");

      solr.stop();

      assertThat(solr.isRunning()).isFalse();
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }

      solr.restart();

      assertThat(solr.port()).isEqualTo(port);
      assertThat(get(core + "/select?q=id:ds-1&wt=json").body()).contains("\"numFound\":1");
    }
  }

  @Test
  void killedSolrReplaysUncommittedUpdatesFromItsLogOnRestart() throws Exception {
    try (SolrServerProcess solr = SolrServerProcess.builder().builtinCore("t", "tiny").start()) {
      String core = solr.coreUrl("t");
      post(core + "/update", "[{\"id\":\"not-yet-committed\",\"title\":\"x\"}]");

      solr.kill();
      assertThat(solr.isRunning()).isFalse();
      solr.restart();

      assertThat(get(core + "/select?q=id:not-yet-committed&wt=json").body())
          .contains("\"numFound\":1");
    }
  }

  @Test
  void configsetSolrCannotLoadFailsWithTheCauseAndTheLogTail() throws IOException {
    Path conf = Files.createDirectories(tmp.resolve("broken/conf"));
    Files.writeString(conf.resolve("solrconfig.xml"), "<config><luceneMatchVersion>9.12");
    Files.writeString(conf.resolve("schema.xml"), "<schema/>");

    assertThatThrownBy(
            () -> SolrServerProcess.builder().core("broken", tmp.resolve("broken")).start().close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Solr did not start (core 'broken' did not load from configset")
        .hasMessageContaining("last lines of")
        .hasMessageContaining("solr-server-process")
        .hasMessageContaining("XML document structures must start and end within the same entity");
  }

  @Test
  void sharedSolrStartsOnceWithTheBuiltinCores() throws Exception {
    SolrServerProcess first = SolrServerProcess.shared();
    SolrServerProcess second = SolrServerProcess.shared();
    first.close();

    assertThat(second).isSameAs(first);
    assertThat(first.isRunning()).isTrue();
    assertThat(get(first.coreUrl("ckan") + "/select?q=*:*").statusCode()).isEqualTo(200);
    assertThat(get(first.coreUrl("tiny") + "/select?q=*:*").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> first.coreUrl("nope"))
        .hasMessageContaining("no core 'nope'")
        .hasMessageContaining("[ckan, tiny]");
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int post(String url, String json) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
