package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reference checks: the project's {@code ckan} configset against CKAN's own schema.xml files (from
 * the reference folder, {@code reference/ckan-solr}), all loaded into one real Solr 9 node: ours
 * must match 2.11 field for field; what the older ones need is recorded here as executable fact.
 * Skipped, with a line saying how to run them, when no reference folder is given.
 */
class CkanReferenceConfigsetsIT {

  private static final Path OUR_CONF = Path.of("src/main/resources/configsets/ckan/conf");

  @TempDir static Path tmp;
  private static Path reference;
  private static RunningSolr solr;
  private static String base;

  @BeforeAll
  static void startSolrWithEveryConfigset() throws Exception {
    reference =
        ReferenceFolder.find("reference/ckan-solr", "CKAN's own Solr schemas (2.2 to 2.11)");
    if (reference == null) {
      return;
    }
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

  @BeforeEach
  void needsTheReferenceSchemas() {
    ReferenceFolder.assume();
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
      assertEquals(
          SolrChecks.canonical(theirs.get(part)), SolrChecks.canonical(ours.get(part)), part);
    }
    assertEquals("ckan-2.11", ours.get("name").asText());
    assertEquals(theirs.get("uniqueKey"), ours.get("uniqueKey"));
    assertEquals("index_id", ours.get("uniqueKey").asText());
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
    SolrChecks.assertFound(
        get(core + "/select?wt=json&q=" + SolrChecks.enc("rainfall radar")).body(), "d-" + version);
    SolrChecks.assertFound(
        get(core + "/select?wt=json&q=" + SolrChecks.enc("views_total:[2 TO 10]")).body(),
        "d-" + version);
    SolrChecks.assertFound(
        get(core
                + "/select?wt=json&q="
                + SolrChecks.enc("metadata_modified:[2020-01-01T00:00:00Z TO NOW]"))
            .body(),
        "d-" + version);
  }

  private static ConfigsetRef referenceConfigset(
      String version, boolean adapt, boolean withWordLists) throws IOException {
    Path conf = tmp.resolve("configsets/" + version + (adapt ? "-adapted" : "") + withWordLists);
    Files.createDirectories(conf.resolve("conf"));
    String schema = Files.readString(reference.resolve("schema-ckan-" + version + ".xml"));
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
    return SolrChecks.schema(base, core);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return SolrProcess.get(base + path);
  }
}
