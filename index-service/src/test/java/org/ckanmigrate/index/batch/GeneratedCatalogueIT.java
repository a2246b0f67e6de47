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
}
