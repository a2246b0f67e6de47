package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's {@code ckan} configset against CKAN's own schema.xml files (../shared), all loaded
 * into one real Solr 9 node: ours must match 2.11 field for field; what the older ones need is
 * recorded here as executable fact.
 */
class CkanConfigsetIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REFERENCE =
      Path.of(System.getProperty("ckan.shared.dir", "../../shared"), "reference/ckan-solr");
  private static final Path OUR_CONF = Path.of("src/main/resources/configsets/ckan/conf");

  @TempDir static Path tmp;
  private static RunningSolr solr;
  private static String base;

  @BeforeAll
  static void startSolrWithEveryConfigset() throws Exception {
    System.setProperty("solr.log.dir", tmp.resolve("logs").toString());
    Map<String, ConfigsetRef> cores = new LinkedHashMap<>();
    cores.put("ckan", new ConfigsetRef.Builtin("ckan"));
    // CKAN's 2.11 file as shipped, beside our solrconfig and word lists.
    cores.put("ref-2.11", referenceConfigset("2.11", false, true));
    // The same without synonyms.txt / protwords.txt, which its analyzers name.
    cores.put("ref-2.11-no-wordlists", referenceConfigset("2.11", false, false));
    for (String version : new String[] {"2.2", "2.8", "2.9"}) {
      cores.put("ref-" + version + "-as-shipped", referenceConfigset(version, false, true));
      cores.put("ref-" + version + "-adapted", referenceConfigset(version, true, true));
    }
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
  void ourSchemaIsCkan211FieldForFieldAsSolrSeesIt() throws Exception {
    JsonNode ours = schema("ckan");
    JsonNode theirs = schema("ref-2.11");

    for (String part : new String[] {"fields", "dynamicFields", "copyFields", "fieldTypes"}) {
      assertEquals(canonical(theirs.get(part)), canonical(ours.get(part)), part);
    }
    assertEquals("ckan-2.11", ours.get("name").asText());
    assertEquals(theirs.get("uniqueKey"), ours.get("uniqueKey"));
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
            + enc("name^4 title^4 tags^2 groups^2 text")
            + "&mm="
            + enc("2<-1 5<80%")
            + "&fq="
            + enc("+site_id:\"site-a\" +dataset_type:dataset +state:active")
            + "&fq="
            + enc("+permission_labels:(\"public\")")
            + "&q=";
    assertFound(get(ckanQuery + enc("beach water")).body(), "d-1");
    assertFound(get(ckanQuery + enc("coastal")).body(), "d-1"); // extras_* copied to text
    assertFound(get("/ckan/select?wt=json&q=" + enc("title_ngram:wat")).body(), "d-1");
    assertFound(get("/ckan/select?wt=json&q=" + enc("custom_key:kept-unstored")).body(), "d-1");
    // copyField does not chain: res_url reaches urls, but not text through urls.
    assertFound(get("/ckan/select?wt=json&q=" + enc("urls:example.org")).body(), "d-1");
    assertFound(get("/ckan/select?wt=json&q=" + enc("designated beaches")).body(), "d-1"); // df

    String stored = get("/ckan/select?wt=json&q=id:d-1&fl=*").body();
    assertTrue(stored.contains("\"indexed_ts\""), "indexed_ts defaults to NOW: " + stored);
    assertFalse(stored.contains("custom_key"), "the * dynamic field is not stored");
    assertFalse(stored.contains("permission_labels"), "permission_labels is not stored");
  }

  @Test
  void ckan211SchemaLoadsAsShippedButNeedsItsWordLists() {
    Map<String, Exception> failures = solr.coreInitFailures();

    assertTrue(solr.loadedCores().contains("ref-2.11"));
    Exception missing = failures.get("ref-2.11-no-wordlists");
    assertNotNull(missing, "a 2.11 core without synonyms.txt/protwords.txt loads?");
    String reason = SolrServerMain.describe(missing);
    assertTrue(reason.matches("(?s).*Can't find resource '(synonyms|protwords)\\.txt'.*"), reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.2", "2.8", "2.9"})
  void olderCkanSchemasFailAsShippedOnlyBecauseOfDefaultSearchField(String version) {
    Exception failure = solr.coreInitFailures().get("ref-" + version + "-as-shipped");

    assertNotNull(failure, "CKAN " + version + " schema loads unchanged in Solr 9?");
    assertTrue(
        SolrServerMain.describe(failure)
            .contains("Setting defaultSearchField in schema not supported since Solr 7"),
        SolrServerMain.describe(failure));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.2", "2.8", "2.9"})
  void olderCkanSchemasServeOnceDefaultSearchFieldAndSolrQueryParserAreRemoved(String version)
      throws Exception {
    String core = "/ref-" + version + "-adapted";
    assertTrue(solr.loadedCores().contains(core.substring(1)), solr.coreInitFailures().toString());

    String doc =
        """
        [{"index_id":"h-%1$s","id":"d-%1$s","site_id":"s","name":"rainfall-%1$s",
          "title":"Rainfall Radar","tags":["rain"],"views_total":3,
          "metadata_modified":"2020-05-06T07:08:09Z"}]
        """
            .formatted(version);
    HttpResponse<String> update = SolrProcess.postJson(base + core + "/update?commit=true", doc);
    assertEquals(200, update.statusCode(), update.body());

    // No df or q.op in the request: the /select defaults replace what the schema used to set.
    // The ranges are numeric and date ranges (Trie types): as strings "3" is not in [2 TO 10].
    assertFound(get(core + "/select?wt=json&q=" + enc("rainfall radar")).body(), "d-" + version);
    assertFound(
        get(core + "/select?wt=json&q=" + enc("views_total:[2 TO 10]")).body(), "d-" + version);
    assertFound(
        get(core + "/select?wt=json&q=" + enc("metadata_modified:[2020-01-01T00:00:00Z TO NOW]"))
            .body(),
        "d-" + version);
  }

  private static ConfigsetRef referenceConfigset(
      String version, boolean adapt, boolean withWordLists) throws IOException {
    Path conf = tmp.resolve("configsets/" + version + (adapt ? "-adapted" : "") + withWordLists);
    Files.createDirectories(conf.resolve("conf"));
    String schema = Files.readString(REFERENCE.resolve("schema-ckan-" + version + ".xml"));
    if (adapt) {
      // The only two changes Solr 9.10 needs; Trie types and the old filters load (deprecated).
      schema =
          schema
              .replaceAll("<defaultSearchField>[^<]*</defaultSearchField>", "")
              .replaceAll("<solrQueryParser[^>]*/>", "");
    }
    Files.writeString(conf.resolve("conf/schema.xml"), schema);
    Files.copy(OUR_CONF.resolve("solrconfig.xml"), conf.resolve("conf/solrconfig.xml"));
    if (withWordLists) {
      Files.copy(OUR_CONF.resolve("synonyms.txt"), conf.resolve("conf/synonyms.txt"));
      Files.copy(OUR_CONF.resolve("protwords.txt"), conf.resolve("conf/protwords.txt"));
    }
    return new ConfigsetRef.Directory(conf);
  }

  private static JsonNode schema(String core) throws Exception {
    HttpResponse<String> response = get("/" + core + "/schema?wt=json&showDefaults=true");
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("schema");
  }

  /** A JSON array as a sorted set of its elements' text: order in the file does not matter. */
  private static TreeSet<String> canonical(JsonNode array) {
    TreeSet<String> items = new TreeSet<>();
    array.forEach(item -> items.add(item.toString()));
    return items;
  }

  private static void assertFound(String body, String id) {
    assertTrue(body.contains("\"numFound\":1") && body.contains("\"" + id + "\""), body);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return SolrProcess.get(base + path);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
