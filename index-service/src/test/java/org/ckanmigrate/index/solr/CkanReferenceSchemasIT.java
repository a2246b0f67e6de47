package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.gold.CkanGoldFixture;
import org.ckanmigrate.index.read.CkanRelease;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetIds;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.ckanmigrate.testsupport.fixtures.ReferenceDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gold catalogue's documents in cores running CKAN's own schema.xml of 2.8, 2.9 and 2.11, and
 * the queries CKAN's package_search sends answering with the expected datasets and facets.
 */
class CkanReferenceSchemasIT {

  private static final List<String> PUBLIC_ACTIVE =
      List.of(
          "ds-full",
          "ds-list-extra",
          "ds-minimal",
          "ds-no-org",
          "ds-rel-object",
          "ds-rel-subject",
          "ds-unicode",
          "ds-updated");

  private static SolrServerProcess solr;
  private static List<DatasetRows> rows;
  private static List<String> indexable;

  private static ReferenceDir.Reference reference;

  @BeforeAll
  static void start() throws Exception {
    reference =
        ReferenceDir.lookup("reference/ckan-solr", "CKAN's own Solr schemas (2.8, 2.9, 2.11)");
    if (!reference.present()) {
      return;
    }
    Path conf =
        Path.of(System.getProperty("ckan.solr.server.dir"))
            .getParent()
            .resolve("src/main/resources/configsets/ckan/conf");
    Path work = Files.createTempDirectory(Path.of("target"), "ckan-reference-");
    SolrServerProcess.Builder builder = SolrServerProcess.builder();
    for (String version : List.of("2.8", "2.9", "2.11")) {
      Path dir = work.resolve(version).resolve("conf");
      Files.createDirectories(dir);
      // Solr 9 no longer knows these two elements of the pre-2.10 schemas; nothing else changes.
      String schema =
          Files.readString(reference.file().resolve("schema-ckan-" + version + ".xml"))
              .replaceAll("<defaultSearchField>[^<]*</defaultSearchField>", "")
              .replaceAll("<solrQueryParser[^>]*/>", "");
      Files.writeString(dir.resolve("schema.xml"), schema);
      for (String file : List.of("solrconfig.xml", "synonyms.txt", "protwords.txt")) {
        Files.copy(conf.resolve(file), dir.resolve(file));
      }
      builder.core("ref-" + version.replace('.', '_'), work.resolve(version));
    }
    solr = builder.start();
    try (TestDatabase db = CkanGoldFixture.load("index_reference");
        Connection c = db.connect()) {
      CkanSchema schema = CkanSchema.detect(c);
      rows = new DatasetBatchReader(schema).read(c, DatasetIds.all(c));
      indexable = DatasetIds.indexable(c, true);
    }
  }

  @BeforeEach
  void needsTheReferenceSchemas() {
    reference.path();
  }

  @AfterAll
  static void stop() {
    if (solr != null) {
      solr.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"ref-2_8, 2.9", "ref-2_9, 2.9", "ref-2_11, 2.11"})
  void ckansOwnSchemaAcceptsTheDocumentsAndAnswersPackageSearch(String core, String release)
      throws Exception {
    String site = "ref-" + UUID.randomUUID();
    CkanDocumentBuilder builder =
        new CkanDocumentBuilder(IndexRules.defaults(CkanRelease.parse(release), site, ""));
    List<IndexAction> actions = rows.stream().map(builder::build).toList();
    try (SolrIndexWriter writer =
            new SolrIndexWriter(
                solr.baseUrl(),
                core,
                site,
                SolrWireFormat.of(CkanRelease.parse(release)),
                new SolrRetry(2, Duration.ofMillis(100)));
        HttpJdkSolrClient client = new HttpJdkSolrClient.Builder(solr.baseUrl()).build()) {
      writer.write(actions);
      assertThat(writer.finish(indexable, null).indexed()).isEqualTo(10);

      SolrQuery search = packageSearch(site, "*:*");
      search.addFilterQuery("+capacity:public");
      search.addFacetField("organization", "groups", "tags", "res_format", "license_id");
      QueryResponse response = client.query(core, search);
      assertThat(names(response)).containsExactlyElementsOf(PUBLIC_ACTIVE);
      assertThat(facet(response, "organization"))
          .isEqualTo(Map.of("org-alpha", 3L, "org-beta", 3L));
      assertThat(facet(response, "groups")).isEqualTo(Map.of("group-one", 2L));
      assertThat(facet(response, "tags"))
          .isEqualTo(
              Map.of("economy", 1L, "health care", 1L, "orphan", 1L, "café", 1L, "updated", 1L));
      // pysolr 3.9.0 (CKAN 2.10+) stores a resource's missing format as "", so CKAN's own facet
      // shows it; pysolr 3.6.0 (2.9) never sent it.
      assertThat(facet(response, "res_format"))
          .isEqualTo(
              CkanRelease.parse(release).atLeast(CkanRelease.V2_10)
                  ? Map.of("", 1L, "CSV", 2L, "JSON", 1L)
                  : Map.of("CSV", 2L, "JSON", 1L));
      assertThat(facet(response, "license_id")).isEqualTo(Map.of("cc-by", 1L, "odc-odbl", 1L));

      // A free-text search as package_search sends it (dismax over CKAN's query fields).
      SolrQuery text = packageSearch(site, "café");
      text.set("defType", "dismax");
      text.set("qf", "name^4 title^4 tags^2 groups^2 text");
      text.set("mm", "2<-1 5<80%");
      assertThat(names(client.query(core, text))).containsExactly("ds-unicode");

      // A member of org-alpha sees its private dataset; the draft needs include_drafts.
      SolrQuery member = packageSearch(site, "*:*");
      member.addFilterQuery(
          "+permission_labels:(\"public\" OR \"member-c5de96ec-d1df-44b8-8447-8d7dbed96853\")");
      assertThat(names(client.query(core, member)))
          .contains("ds-private")
          .doesNotContain("ds-draft");
    }
  }

  private static SolrQuery packageSearch(String site, String q) {
    SolrQuery query = new SolrQuery(q);
    query.addFilterQuery("+site_id:\"" + site + "\"", "+state:active", "+entity_type:package");
    query.set("q.op", "AND");
    query.set("df", "text");
    query.setFields("id", "name", "validated_data_dict");
    query.setRows(100);
    return query;
  }

  private static List<String> names(QueryResponse response) {
    return response.getResults().stream()
        .map(d -> (String) d.getFieldValue("name"))
        .sorted()
        .collect(Collectors.toList());
  }

  private static Map<String, Long> facet(QueryResponse response, String field) {
    FacetField f = response.getFacetField(field);
    Map<String, Long> out = new TreeMap<>();
    for (FacetField.Count c : f.getValues()) {
      if (c.getCount() > 0) {
        out.put(c.getName(), c.getCount());
      }
    }
    return out;
  }
}
