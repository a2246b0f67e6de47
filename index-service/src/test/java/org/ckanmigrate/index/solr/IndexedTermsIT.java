package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
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
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Solr's index, not only the documents: the gold catalogue indexed with the 2.10 rules into one
 * core, and exactly the JSON CKAN 2.10.10 posted for it (pysolr 3.9.0, {@code
 * solr-posted-docs.json}) into a second core of the same configset, compare equal per document and
 * per field, stored values and indexed terms alike, including the fields that are indexed only
 * ({@code text}, {@code urls}, {@code *_ngram} and the other copyField targets), so analysis and
 * copyFields see the same input. The oracle is CKAN's own request body; indexed terms are read by
 * enumerating each field's terms within one document ({@code facet.method=enum}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexedTermsIT {

  private static SolrServerProcess solr;
  private static TestDatabase db;
  private static TwoCores cores;
  private static Set<String> ids;
  private static final Map<String, Map<?, ?>> postedById = new TreeMap<>();

  @BeforeAll
  static void indexBothWays() throws Exception {
    solr =
        SolrServerProcess.builder()
            .builtinCore("ours", "ckan")
            .builtinCore("ckans", "ckan")
            .start();
    cores = new TwoCores(solr, "ours", "ckans", "CKAN");
    db = CkanGoldFixture.load("index_terms");
    List<DatasetRows> rows;
    CkanSchema schema;
    try (Connection c = db.connect()) {
      schema = CkanSchema.detect(c);
      List<String> all = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id FROM package ORDER BY id")) {
        while (rs.next()) {
          all.add(rs.getString(1));
        }
      }
      rows = new DatasetBatchReader(schema).read(c, all);
    }
    CkanDocumentBuilder builder =
        new CkanDocumentBuilder(
            IndexRules.defaults(schema.release(), "default", "http://localhost:5000"));
    List<IndexAction> actions = rows.stream().map(builder::build).toList();
    TwoCores.index(solr, "ours", schema.release(), actions);
    String posted = Files.readString(CkanGoldFixture.postedDocs());
    cores.postReference(posted);
    for (Object d : TwoCores.JSON.readValue(posted, List.class)) {
      postedById.put((String) ((Map<?, ?>) d).get("id"), (Map<?, ?>) d);
    }
    ids = cores.referenceIds();
  }

  @AfterAll
  static void stop() {
    if (solr != null) {
      solr.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  @Order(1)
  void everyDocumentHasTheSameStoredValuesAndIndexedTermsAsCkans() throws Exception {
    assertThat(cores.oursIds()).as("documents in the two cores").isEqualTo(ids).hasSize(10);
    Set<String> fields = cores.fields();
    assertThat(fields).as("indexed fields").contains("text", "urls", "res_format", "title_ngram");

    int[] compared = new int[1];
    assertThat(cores.differences(ids, fields, postedById, compared))
        .as("differences from the index CKAN 2.10.10 left")
        .isEmpty();
    System.out.printf(
        "IndexedTermsIT: %d documents, %d indexed fields, %d indexed terms compared%n",
        ids.size(), fields.size(), compared[0]);
    assertThat(compared[0]).as("indexed terms compared").isGreaterThan(1000);
  }

  @Test
  @Order(2)
  void aTermOnlyTheIndexHoldsIsSeen() throws Exception {
    // CKAN's own document again, with one more word in text, which Solr indexes but never stores.
    List<?> posted =
        TwoCores.JSON.readValue(Files.readString(CkanGoldFixture.postedDocs()), List.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = new TreeMap<>((Map<String, Object>) posted.get(0));
    String id = (String) doc.get("id");
    List<Object> text = new ArrayList<>();
    if (doc.get("text") instanceof List<?> l) {
      text.addAll(l);
    } else if (doc.get("text") != null) {
      text.add(doc.get("text"));
    }
    text.add("zebraword");
    doc.put("text", text);
    cores.postReference(TwoCores.JSON.writeValueAsString(List.of(doc)));

    assertThat(cores.differences(ids, cores.fields(), postedById, new int[1]))
        .containsExactly(id + " terms text: only CKAN's [zebraword], only ours []");
  }
}
