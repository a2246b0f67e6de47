package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.common.SolrDocument;
import org.ckanmigrate.contract.event.ErrorCode;
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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The writer against a real Solr 9 with the project's CKAN configset, fed the gold catalogue. */
class SolrIndexWriterIT {

  private static final String CORE = "ckan";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SolrRetry FAST = new SolrRetry(2, Duration.ofMillis(50));

  private static TestDatabase db;
  private static List<DatasetRows> rows;
  private static CkanSchema schema;
  private static SolrServerProcess solr;

  @BeforeAll
  static void start() throws Exception {
    solr = SolrServerProcess.shared();
    db = CkanGoldFixture.load("index_writer");
    try (Connection c = db.connect()) {
      schema = CkanSchema.detect(c);
      List<String> ids = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id FROM package ORDER BY name")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      rows = new DatasetBatchReader(schema).read(c, ids);
    }
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  private static String newSite() {
    return "it-" + UUID.randomUUID();
  }

  private static List<IndexAction> build(String site) {
    CkanDocumentBuilder builder =
        new CkanDocumentBuilder(IndexRules.defaults(schema.release(), site, ""));
    return rows.stream().map(builder::build).toList();
  }

  private static SolrIndexWriter writer(String site) {
    return new SolrIndexWriter(solr.baseUrl(), CORE, site, wire(), FAST);
  }

  private static SolrWireFormat wire() {
    return SolrWireFormat.of(schema.release());
  }

  private static Set<String> upsertIds(List<IndexAction> actions) {
    Set<String> ids = new TreeSet<>();
    for (IndexAction a : actions) {
      if (a instanceof IndexAction.Upsert) {
        ids.add(a.datasetId());
      }
    }
    return ids;
  }

  @Test
  void indexesTheGoldCatalogueInBatchesAndVerifiesIt() throws Exception {
    String site = newSite();
    List<IndexAction> actions = build(site);
    try (SolrIndexWriter writer = writer(site)) {
      int added = 0;
      for (int i = 0; i < actions.size(); i += 4) {
        added += writer.write(actions.subList(i, Math.min(actions.size(), i + 4))).added();
      }
      SolrIndexWriter.FinishResult result = writer.finish(upsertIds(actions), null);
      assertThat(added).isEqualTo(10);
      assertThat(result.indexed()).isEqualTo(10);
      assertThat(result.staleRemoved()).isZero();
      assertThat(writer.count(site)).isEqualTo(10);
    }
  }

  @Test
  void storedDocumentsEqualThoseCkanLeftInSolr() throws Exception {
    String site = newSite();
    List<IndexAction> actions = build(site);
    try (SolrIndexWriter writer = writer(site)) {
      writer.write(actions);
      writer.finish(upsertIds(actions), null);
    }
    Map<String, Map<String, Object>> ckan = new LinkedHashMap<>();
    Path storedByCkan = CkanGoldFixture.storedDocs();
    @SuppressWarnings("unchecked")
    Map<String, Object> response =
        (Map<String, Object>)
            JSON.readValue(Files.readString(storedByCkan), Map.class).get("response");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> docs = (List<Map<String, Object>>) response.get("docs");
    docs.forEach(d -> ckan.put((String) d.get("id"), d));

    List<String> differences = new ArrayList<>();
    try (HttpJdkSolrClient client = new HttpJdkSolrClient.Builder(solr.baseUrl()).build()) {
      SolrQuery q = new SolrQuery("*:*");
      q.addFilterQuery("site_id:\"" + site + "\"");
      q.setFields("*");
      q.setRows(100);
      for (SolrDocument ours : client.query(CORE, q).getResults()) {
        String id = (String) ours.getFieldValue("id");
        Map<String, Object> theirs = ckan.get(id);
        assertThat(theirs).as("CKAN stored dataset %s", id).isNotNull();
        Set<String> fields = new TreeSet<>(theirs.keySet());
        fields.addAll(ours.getFieldNames());
        fields.removeAll(Set.of("_version_", "indexed_ts", "site_id", "index_id"));
        for (String f : fields) {
          Object a = normalise(ours.getFieldValue(f));
          Object e = normalise(theirs.get(f));
          if (!String.valueOf(e).equals(String.valueOf(a))) {
            differences.add(ours.getFieldValue("name") + "." + f + ": CKAN " + e + " ours " + a);
          }
        }
        assertThat(ours.getFieldValue("index_id")).isEqualTo(CkanDocumentBuilder.indexId(id, site));
      }
    }
    assertThat(differences).isEmpty();
  }

  // Solr returns dates as java.util.Date and multi-valued fields as lists.
  private static Object normalise(Object v) {
    if (v instanceof java.util.Date d) {
      return d.toInstant().toString().replaceAll("\\.(\\d{3})\\d*Z$", ".$1Z").replace(".000Z", "Z");
    }
    if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z")) {
      return s.replace(".000Z", "Z");
    }
    return v;
  }

  @Test
  void redeliveredBatchLeavesOneDocumentPerDataset() throws Exception {
    String site = newSite();
    List<IndexAction> actions = build(site);
    try (SolrIndexWriter writer = writer(site)) {
      writer.write(actions);
      writer.write(actions);
      writer.commit();
      assertThat(writer.count(site)).isEqualTo(10);
    }
  }

  @Test
  void finishRemovesStaleAndPreviousSiteDocuments() throws Exception {
    String site = newSite();
    String previous = newSite();
    List<IndexAction> actions = build(site);
    Map<String, Object> gone = new LinkedHashMap<>();
    gone.put("id", "gone-dataset");
    gone.put("index_id", CkanDocumentBuilder.indexId("gone-dataset", site));
    gone.put("site_id", site);
    gone.put("entity_type", "package");
    gone.put("name", "gone");
    Map<String, Object> old = new LinkedHashMap<>(gone);
    old.put("site_id", previous);
    old.put("index_id", CkanDocumentBuilder.indexId("gone-dataset", previous));
    try (SolrIndexWriter writer = writer(site);
        SolrIndexWriter previousWriter = writer(previous)) {
      writer.write(actions);
      writer.write(List.of(new IndexAction.Upsert("gone-dataset", gone)));
      previousWriter.write(List.of(new IndexAction.Upsert("gone-dataset", old)));
      SolrIndexWriter.FinishResult result = writer.finish(upsertIds(actions), previous);
      assertThat(result.staleRemoved()).isEqualTo(1);
      assertThat(result.previousSiteRemoved()).isEqualTo(1);
      assertThat(writer.indexedIds(site).keySet()).isEqualTo(upsertIds(actions));
      assertThat(writer.count(previous)).isZero();
    }
  }

  @Test
  void deleteActionRemovesTheDatasetsDocument() throws Exception {
    String site = newSite();
    List<IndexAction> actions = build(site);
    String victim =
        actions.stream()
            .filter(a -> a instanceof IndexAction.Upsert)
            .findFirst()
            .orElseThrow()
            .datasetId();
    try (SolrIndexWriter writer = writer(site)) {
      writer.write(actions);
      assertThat(writer.write(List.of(new IndexAction.Delete(victim))).deleted()).isEqualTo(1);
      writer.commit();
      assertThat(writer.indexedIds(site)).doesNotContainKey(victim).hasSize(9);
    }
  }

  @Test
  void finishReportsMissingDatasetsAsIndexIncomplete() throws Exception {
    String site = newSite();
    List<IndexAction> actions = build(site);
    Set<String> expected = new TreeSet<>(upsertIds(actions));
    expected.add("never-indexed");
    try (SolrIndexWriter writer = writer(site)) {
      writer.write(actions);
      assertThatThrownBy(() -> writer.finish(expected, null))
          .isInstanceOf(IndexFailure.class)
          .hasMessageContaining("never-indexed")
          .extracting(e -> ((IndexFailure) e).code())
          .isEqualTo(ErrorCode.INDEX_INCOMPLETE);
    }
  }

  @Test
  void rejectedDocumentNamesDatasetAndField() throws Exception {
    String site = newSite();
    List<IndexAction> actions = new ArrayList<>(build(site));
    IndexAction.Upsert first =
        (IndexAction.Upsert)
            actions.stream().filter(a -> a instanceof IndexAction.Upsert).findFirst().orElseThrow();
    Map<String, Object> bad = new LinkedHashMap<>(first.document());
    bad.put("metadata_modified", "not a date");
    actions.set(actions.indexOf(first), new IndexAction.Upsert(first.datasetId(), bad));
    try (SolrIndexWriter writer = writer(site)) {
      assertThatThrownBy(() -> writer.write(actions))
          .isInstanceOfSatisfying(
              IndexFailure.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_REJECTED);
                assertThat(e.datasetId()).isEqualTo(first.datasetId());
                assertThat(e.field()).isEqualTo("metadata_modified");
              });
    }
  }

  @Test
  void stoppedSolrIsSearchUnavailableAndTheBatchSucceedsAfterRestart() throws Exception {
    String site = newSite();
    List<IndexAction> actions = build(site);
    // The shared Solr keeps its port and data across restart(); this JVM's tests run one by one.
    SolrServerProcess own = solr;
    try (SolrIndexWriter writer =
        new SolrIndexWriter(
            own.baseUrl(),
            CORE,
            site,
            wire(),
            new SolrRetry(3, Duration.ofMillis(100)),
            Duration.ofSeconds(20))) {
      writer.write(actions.subList(0, 5));
      own.stop();
      assertThatThrownBy(() -> writer.write(actions.subList(5, actions.size())))
          .isInstanceOfSatisfying(
              IndexFailure.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.SEARCH_UNAVAILABLE);
                assertThat(e.getMessage()).contains("after 3 attempt(s)");
              });
      own.restart();
      writer.write(actions.subList(5, actions.size()));
      assertThat(writer.finish(upsertIds(actions), null).indexed()).isEqualTo(10);
    }
  }
}
