package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.gold.CkanGoldFixture;
import org.ckanmigrate.index.read.CkanRelease;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated 2.10-era catalogue (its tables checked against CKAN 2.10's own database, the gold
 * set's) indexed with the 2.10 rules through the project's writer into one core, and the same
 * documents posted as CKAN 2.10 posts them (pysolr 3.9.0: the JSON array {@code json.dumps(docs)},
 * {@code null} skipped by Solr, {@code ""} stored, in lists too) into a second core: stored values
 * and indexed terms compare equal per document and per field. The gold set's {@link IndexedTermsIT}
 * holds the documents to CKAN's own; this one holds the wire path to CKAN's wire rule on a
 * catalogue with every shape the generator makes (empty strings, resources with missing fields,
 * unicode, vocabularies, relationships, {@code plugin_data}).
 */
class GeneratedTermsIT {

  private static final int DATASETS = 250;

  private static SolrServerProcess solr;
  private static TestDatabase db;
  private static TestDatabase gold;
  private static TwoCores cores;
  private static CkanSchema schema;
  private static List<Map<String, Object>> documents;

  @BeforeAll
  static void indexBothWays() throws Exception {
    solr =
        SolrServerProcess.builder()
            .builtinCore("ours", "ckan")
            .builtinCore("wire", "ckan")
            .builtinCore("ours29", "ckan")
            .start();
    cores = new TwoCores(solr, "ours", "wire", "pysolr-3.9.0");
    db = PostgresServer.shared().createDatabase("index_terms_generated");
    gold = CkanGoldFixture.load("index_terms_gold_schema");
    List<DatasetRows> rows;
    try (Connection c = db.connect()) {
      CatalogueGenerator.builder()
          .era(CkanEra.V2_10)
          .datasets(DATASETS)
          .seed(2010)
          .build()
          .generate(c);
      schema = CkanSchema.detect(c);
      rows = new DatasetBatchReader(schema).read(c, DatasetIds.all(c));
    }
    CkanDocumentBuilder builder =
        new CkanDocumentBuilder(IndexRules.defaults(schema.release(), "default", "http://ckan"));
    List<IndexAction> actions = rows.stream().map(builder::build).toList();
    documents = new ArrayList<>();
    for (IndexAction a : actions) {
      if (a instanceof IndexAction.Upsert u) {
        documents.add(u.document());
      }
    }
    TwoCores.index(solr, "ours", schema.release(), actions);
    // The same documents under 2.9's wire rule (pysolr 3.6.0 drops "" and None, in lists too).
    TwoCores.index(solr, "ours29", CkanRelease.V2_9, actions);
    cores.postReference(TwoCores.JSON.writeValueAsString(documents));
  }

  @AfterAll
  static void stop() {
    if (solr != null) {
      solr.close();
    }
    if (db != null) {
      db.close();
    }
    if (gold != null) {
      gold.close();
    }
  }

  @Test
  void theGeneratedTwoTenCatalogueHasCkanTwoTensTables() throws Exception {
    assertThat(schema.release()).isEqualTo(CkanRelease.V2_10);
    Map<String, List<String>> ours = columns(db);
    Map<String, List<String>> ckans = columns(gold);
    // The generated portal runs ckanext-harvest; the gold CKAN ran without it.
    ours.keySet().removeIf(t -> t.startsWith("harvest_"));
    assertThat(ours).isEqualTo(ckans);
  }

  @Test
  void everyDocumentIsStoredAndIndexedAsCkanTwoTensWireLeavesIt() throws Exception {
    Set<String> ids = cores.referenceIds();
    assertThat(cores.oursIds()).as("documents in the two cores").isEqualTo(ids);
    assertThat(ids).hasSize(documents.size()).hasSizeGreaterThan(DATASETS / 2);
    Map<String, Map<?, ?>> postedById = new TreeMap<>();
    documents.forEach(d -> postedById.put((String) d.get("id"), d));

    Set<String> fields = cores.fields();
    int[] compared = new int[1];
    assertThat(cores.differences(ids, fields, postedById, compared))
        .as("differences from the documents as pysolr 3.9.0 posts them")
        .isEmpty();

    // What makes the comparison worth having: "" entries kept in the stored resource lists, and
    // plugin_data in the database but in no document.
    long withEmpty = 0;
    for (String id : ids) {
      if (cores.oursStored(id).get("res_format") instanceof List<?> formats
          && formats.contains("")) {
        withEmpty++;
      }
    }
    assertThat(withEmpty).as("documents whose stored res_format holds \"\"").isPositive();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM package WHERE plugin_data IS NOT NULL")) {
      rs.next();
      assertThat(rs.getLong(1)).as("datasets with plugin_data").isPositive();
    }
    assertThat(documents)
        .noneMatch(d -> String.valueOf(d.get("data_dict")).contains("plugin_data"))
        .noneMatch(d -> d.containsKey("plugin_data"));
    System.out.printf(
        "GeneratedTermsIT: %d documents, %d indexed fields, %d indexed terms compared, %d"
            + " documents with \"\" in res_format%n",
        ids.size(), fields.size(), compared[0], withEmpty);
    assertThat(compared[0]).as("indexed terms compared").isGreaterThan(10_000);
  }

  @Test
  void theTwoNineWireRuleDropsTheEmptyStringsAndTheComparisonSaysWhere() throws Exception {
    TwoCores twoNine = new TwoCores(solr, "ours29", "wire", "pysolr-3.9.0");
    Set<String> ids = cores.referenceIds();
    Map<String, Map<?, ?>> postedById = new TreeMap<>();
    documents.forEach(d -> postedById.put((String) d.get("id"), d));
    List<String> differences = twoNine.differences(ids, twoNine.fields(), postedById, new int[1]);

    Set<String> withEmptyFormat = new java.util.TreeSet<>();
    for (Map<String, Object> d : documents) {
      if (d.get("res_format") instanceof List<?> formats && formats.contains("")) {
        withEmptyFormat.add((String) d.get("id"));
      }
    }
    assertThat(withEmptyFormat).isNotEmpty();
    for (String id : withEmptyFormat) {
      assertThat(differences).anyMatch(line -> line.startsWith(id + " stored res_format: "));
    }
  }

  /** Each public table's columns with their types, in the order the table has them. */
  private static Map<String, List<String>> columns(TestDatabase database) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    try (Connection c = database.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name, column_name, data_type, is_nullable FROM"
                    + " information_schema.columns WHERE table_schema = 'public' ORDER BY"
                    + " table_name, ordinal_position")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
            .add(rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    return out;
  }
}
