package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code ckan} configset in a real Solr 9 node, as CKAN queries it. Its equality with
 * CKAN's own 2.11 schema, and what CKAN's older schemas need, are reference checks ({@link
 * CkanReferenceConfigsetsIT}).
 */
class CkanConfigsetIT {

  @TempDir static Path tmp;
  private static RunningSolr solr;
  private static String base;

  @BeforeAll
  static void startSolrWithOurConfigset() throws Exception {
    System.setProperty("solr.log.dir", tmp.resolve("logs").toString());
    Map<String, ConfigsetRef> cores = new LinkedHashMap<>();
    cores.put("ckan", new ConfigsetRef.Builtin("ckan"));
    Path home = tmp.resolve("home");
    SolrHome.prepare(home, cores);
    solr = RunningSolr.start("127.0.0.1", 0, home);
    base = solr.baseUrl();
  }

  @AfterAll
  static void stopSolr() throws Exception {
    if (solr != null) {
      solr.close();
    }
  }

  @Test
  void ourSchemaIsNamedCkan211WithIndexIdAsItsKey() throws Exception {
    JsonNode ours = schema("ckan");
    assertEquals("ckan-2.11", ours.get("name").asText());
    assertEquals("index_id", ours.get("uniqueKey").asText());
  }

  @Test
  void ckanSchemaVersionCheckReadsCkan211FromBothPlacesItLooks() throws Exception {
    // ckan/lib/search: first <solr>/schema?wt=schema.xml, then /admin/file/?file=schema.xml.
    String managed = get("/ckan/schema?wt=schema.xml").body();
    String file = get("/ckan/admin/file/?file=schema.xml").body();

    assertTrue(managed.contains("<schema name=\"ckan-2.11\""), managed.substring(0, 200));
    assertTrue(file.contains("<schema name=\"ckan-2.11\""), "admin/file serves our schema.xml");
  }

  @Test
  void datasetIndexedTheWayCkanDoesIsFoundByCkanStyleQueries() throws Exception {
    String doc =
        """
        [{"index_id":"5f2b-site-a","id":"d-1","site_id":"site-a","entity_type":"package",
          "dataset_type":"dataset","state":"active","capacity":"public",
          "name":"bathing-water-quality","title":"Bathing Water Quality",
          "notes":"Samples taken at designated beaches","tags":["water","beaches"],
          "groups":["environment"],"organization":"environment-agency",
          "permission_labels":["public"],"res_url":["http://example.org/bw.csv"],
          "res_format":["CSV"],"extras_theme":"coastal monitoring","custom_key":"kept-unstored",
          "metadata_modified":"2024-01-02T03:04:05Z","views_total":7,
          "data_dict":"{\\"id\\":\\"d-1\\"}","validated_data_dict":"{\\"id\\":\\"d-1\\"}"}]
        """;
    assertEquals(200, SolrProcess.postJson(base + "/ckan/update?commit=true", doc).statusCode());

    // package_search: dismax over CKAN's query fields, AND, its mm, site and permission filters.
    String ckanQuery =
        "/ckan/select?wt=json&defType=dismax&q.op=AND&tie=0.1&fl=id,name,indexed_ts,data_dict"
            + "&qf="
            + SolrChecks.enc("name^4 title^4 tags^2 groups^2 text")
            + "&mm="
            + SolrChecks.enc("2<-1 5<80%")
            + "&fq="
            + SolrChecks.enc("+site_id:\"site-a\" +dataset_type:dataset +state:active")
            + "&fq="
            + SolrChecks.enc("+permission_labels:(\"public\")")
            + "&q=";
    SolrChecks.assertFound(get(ckanQuery + SolrChecks.enc("beach water")).body(), "d-1");
    SolrChecks.assertFound(
        get(ckanQuery + SolrChecks.enc("coastal")).body(), "d-1"); // extras_* copied to text
    SolrChecks.assertFound(
        get("/ckan/select?wt=json&q=" + SolrChecks.enc("title_ngram:wat")).body(), "d-1");
    SolrChecks.assertFound(
        get("/ckan/select?wt=json&q=" + SolrChecks.enc("custom_key:kept-unstored")).body(), "d-1");
    // copyField does not chain: res_url reaches urls, but not text through urls.
    SolrChecks.assertFound(
        get("/ckan/select?wt=json&q=" + SolrChecks.enc("urls:example.org")).body(), "d-1");
    SolrChecks.assertFound(
        get("/ckan/select?wt=json&q=" + SolrChecks.enc("designated beaches")).body(), "d-1"); // df

    String stored = get("/ckan/select?wt=json&q=id:d-1&fl=*").body();
    assertTrue(stored.contains("\"indexed_ts\""), "indexed_ts defaults to NOW: " + stored);
    assertFalse(stored.contains("custom_key"), "the * dynamic field is not stored");
    assertFalse(stored.contains("permission_labels"), "permission_labels is not stored");
  }

  private static JsonNode schema(String core) throws Exception {
    return SolrChecks.schema(base, core);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return SolrProcess.get(base + path);
  }
}
