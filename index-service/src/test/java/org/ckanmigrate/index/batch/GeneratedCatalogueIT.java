package org.ckanmigrate.index.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.read.CkanRelease;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.index.solr.SolrIndexWriter;
import org.ckanmigrate.index.solr.SolrRetry;
import org.ckanmigrate.index.solr.SolrWireFormat;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The indexing rules on a generated 2.9-era catalogue full of edge cases (private, draft, deleted,
 * no organization, vocabulary tags, list-valued, over-long and reserved extras, resources with
 * missing fields, relationships, unicode and control characters), and Solr with the project's CKAN
 * configset accepting every document.
 */
class GeneratedCatalogueIT {

  private static final int DATASETS = 1500;
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern XML_ILLEGAL =
      Pattern.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]");

  private static TestDatabase db;
  private static CkanSchema schema;
  private static List<DatasetRows> rows;
  private static long readMillis;

  @BeforeAll
  static void generate() throws Exception {
    db = PostgresServer.shared().createDatabase("index_generated");
    try (Connection c = db.connect()) {
      CatalogueGenerator.builder().era(CkanEra.V2_9).datasets(DATASETS).seed(7).build().generate(c);
      schema = CkanSchema.detect(c);
      List<String> ids = DatasetIds.all(c);
      DatasetBatchReader reader = new DatasetBatchReader(schema);
      rows = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < ids.size(); i += 500) {
        rows.addAll(reader.read(c, ids.subList(i, Math.min(ids.size(), i + 500))));
      }
      readMillis = (System.nanoTime() - start) / 1_000_000;
    }
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  private static IndexRules rules(String site) {
    return IndexRules.defaults(schema.release(), site, "http://ckan.example");
  }

  @Test
  void everyDocumentFollowsCkansRules() throws Exception {
    assertThat(schema.release()).isEqualTo(CkanRelease.V2_9);
    CkanDocumentBuilder builder = new CkanDocumentBuilder(rules("default"));
    int upserts = 0;
    int deletes = 0;
    for (DatasetRows r : rows) {
      IndexAction action = builder.build(r);
      String state = (String) r.pkg().get("state");
      if (action instanceof IndexAction.Delete) {
        assertThat(state).isEqualTo("deleted");
        deletes++;
        continue;
      }
      upserts++;
      Map<String, Object> doc = ((IndexAction.Upsert) action).document();
      String name = (String) doc.get("name");
      assertThat(doc.get("index_id"))
          .as(name)
          .isEqualTo(CkanDocumentBuilder.indexId(r.id(), "default"));
      assertThat(doc)
          .as(name)
          .containsEntry("entity_type", "package")
          .containsEntry("site_id", "default");
      assertThat((String) doc.get("metadata_modified")).as(name).endsWith("Z");
      assertThat((List<?>) doc.get("permission_labels")).as(name).isNotEmpty();
      assertThat(doc.get("capacity"))
          .as(name)
          .isEqualTo(Boolean.TRUE.equals(r.pkg().get("private")) ? "private" : "public");
      for (String f : List.of("title", "notes")) {
        if (doc.get(f) instanceof String s) {
          assertThat(CONTROL.matcher(s).find()).as(name + "." + f).isFalse();
        }
      }
      Map<?, ?> dataDict = JSON.readValue((String) doc.get("data_dict"), Map.class);
      Map<?, ?> validated = JSON.readValue((String) doc.get("validated_data_dict"), Map.class);
      assertThat(dataDict.get("id")).isEqualTo(r.id());
      assertThat(validated.get("name")).isEqualTo(name);
      int resources = ((Number) dataDict.get("num_resources")).intValue();
      if (resources > 0) {
        assertThat((List<?>) doc.get("res_url")).as(name).hasSize(resources);
        assertThat((List<?>) doc.get("res_format")).as(name).hasSize(resources);
      }
      for (Map.Entry<String, Object> e : doc.entrySet()) {
        if (e.getValue() instanceof String s
            && !e.getKey().startsWith("extras_")
            && !e.getKey().endsWith("data_dict")
            && !List.of("title", "notes").contains(e.getKey())) {
          assertThat(s.getBytes(StandardCharsets.UTF_8).length)
              .as(name + "." + e.getKey())
              .isLessThanOrEqualTo(32766);
        }
      }
    }
    assertThat(upserts + deletes).isEqualTo(rows.size());
    assertThat(deletes).isPositive();
  }

  @Test
  void solrWithTheCkanConfigsetAcceptsEveryDocument() throws Exception {
    SolrServerProcess solr = SolrServerProcess.shared();
    String site = "gen-" + UUID.randomUUID();
    CkanDocumentBuilder builder = new CkanDocumentBuilder(rules(site));
    for (int warm = 0; warm < 3; warm++) {
      rows.forEach(builder::build);
    }
    long buildStart = System.nanoTime();
    List<IndexAction> actions = rows.stream().map(builder::build).toList();
    long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
    try (Connection c = db.connect();
        SolrIndexWriter writer =
            new SolrIndexWriter(
                solr.baseUrl(),
                "ckan",
                site,
                SolrWireFormat.of(schema.release()),
                new SolrRetry(3, Duration.ofMillis(200)))) {
      long writeStart = System.nanoTime();
      for (int i = 0; i < actions.size(); i += 250) {
        writer.write(actions.subList(i, Math.min(actions.size(), i + 250)));
      }
      SolrIndexWriter.FinishResult result = writer.finish(DatasetIds.indexable(c, true), null);
      long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
      System.out.printf(
          "Generated 2.9 catalogue, %d datasets: read %d ms, build %d ms warm (%.0f datasets/s),"
              + " Solr write+finish %d ms%n",
          rows.size(),
          readMillis,
          buildMillis,
          rows.size() * 1000.0 / Math.max(1, buildMillis),
          writeMillis);
      assertThat(result.indexed())
          .isEqualTo(actions.stream().filter(a -> a instanceof IndexAction.Upsert).count());
    }
  }

  /**
   * What the rules build is what Solr stores, per release: with 2.10's wire format (pysolr 3.9.0,
   * JSON) the resource lists keep their {@code ""} entries, aligned with the resources; with 2.9's
   * (pysolr 3.6.0, XML) they drop them and lose the characters XML 1.0 cannot carry. {@code null}
   * is never stored. The oracle is the release's documented wire rule applied to the built
   * documents; CKAN's own output for this rule is the gold set's ({@code IndexedTermsIT}).
   */
  @Test
  void solrStoresTheResourceListsAsEachReleasesWireFormatSendsThem() throws Exception {
    for (CkanRelease release : List.of(CkanRelease.V2_10, CkanRelease.V2_9)) {
      String site = "gen-wire-" + UUID.randomUUID();
      CkanDocumentBuilder builder =
          new CkanDocumentBuilder(IndexRules.defaults(release, site, "http://ckan.example"));
      List<IndexAction> actions = rows.stream().map(builder::build).toList();
      SolrServerProcess solr = SolrServerProcess.shared();
      try (SolrIndexWriter writer =
          new SolrIndexWriter(
              solr.baseUrl(),
              "ckan",
              site,
              SolrWireFormat.of(release),
              new SolrRetry(3, Duration.ofMillis(200)))) {
        for (int i = 0; i < actions.size(); i += 250) {
          writer.write(actions.subList(i, Math.min(actions.size(), i + 250)));
        }
        writer.commit();
      }
      Map<String, org.apache.solr.common.SolrDocument> stored = new java.util.HashMap<>();
      try (var client =
          new org.apache.solr.client.solrj.impl.HttpJdkSolrClient.Builder(solr.baseUrl()).build()) {
        var q = new org.apache.solr.client.solrj.SolrQuery("*:*");
        q.addFilterQuery("site_id:\"" + site + "\"");
        q.setFields("id", "res_format", "res_name", "res_description", "res_url");
        q.setRows(10_000);
        for (var d : client.query("ckan", q).getResults()) {
          stored.put((String) d.getFieldValue("id"), d);
        }
      }
      List<String> differences = new ArrayList<>();
      int withEmpty = 0;
      int compared = 0;
      for (IndexAction a : actions) {
        if (!(a instanceof IndexAction.Upsert u)) {
          continue;
        }
        var doc = stored.get(u.datasetId());
        assertThat((Object) doc).as("stored document of %s", u.datasetId()).isNotNull();
        boolean empty = false;
        for (String field : List.of("res_format", "res_name", "res_description", "res_url")) {
          List<Object> sent = new ArrayList<>();
          if (u.document().get(field) instanceof java.util.Collection<?> values) {
            for (Object v : values) {
              empty |= "".equals(v);
              if (v == null) {
                continue; // None: never sent
              }
              if (release.atLeast(CkanRelease.V2_10)) {
                sent.add(v); // json.dumps: "" sent and stored
              } else if (!"".equals(v)) {
                // pysolr 3.6.0 skips "" and then strips what XML 1.0 cannot carry
                sent.add(XML_ILLEGAL.matcher(v.toString()).replaceAll(""));
              }
            }
          }
          java.util.Collection<Object> kept = doc.getFieldValues(field);
          List<Object> got = kept == null ? List.of() : new ArrayList<>(kept);
          compared++;
          if (!got.equals(sent)) {
            differences.add(u.datasetId() + " " + field + ": sent " + sent + " stored " + got);
          }
        }
        withEmpty += empty ? 1 : 0;
      }
      System.out.printf(
          "Generated catalogue, %s wire format: %d resource lists compared, %d datasets with ''"
              + " entries%n",
          release, compared, withEmpty);
      assertThat(withEmpty).as("datasets whose resource lists hold ''").isPositive();
      assertThat(differences).as(release + ": stored differs from sent").isEmpty();
    }
  }
}
