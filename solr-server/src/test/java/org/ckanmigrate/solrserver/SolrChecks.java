package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/** What the configset tests ask a running Solr and how they compare its answers. */
final class SolrChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SolrChecks() {}

  /** A core's schema as Solr reports it, defaults shown. */
  static JsonNode schema(String base, String core) throws Exception {
    HttpResponse<String> response =
        SolrProcess.get(base + "/" + core + "/schema?wt=json&showDefaults=true");
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("schema");
  }

  /** A JSON array as a sorted set of its elements' text: order in the file does not matter. */
  static TreeSet<String> canonical(JsonNode array) {
    TreeSet<String> items = new TreeSet<>();
    array.forEach(item -> items.add(item.toString()));
    return items;
  }

  static void assertFound(String body, String id) {
    assertTrue(body.contains("\"numFound\":1") && body.contains("\"" + id + "\""), body);
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
