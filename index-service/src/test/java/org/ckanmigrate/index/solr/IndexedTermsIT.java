package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import tools.jackson.databind.json.JsonMapper;

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

  private static final JsonMapper JSON = JsonMapper.builder().build();
  // Set at the moment of indexing, so never equal between two posts.
  private static final Set<String> MOMENT_OF_INDEXING = Set.of("indexed_ts", "_version_");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SolrServerProcess solr;
  private static TestDatabase db;
  private static Set<String> ids;
  private static final Set<String> unstoredPoints = new TreeSet<>();
  private static final Map<String, Map<?, ?>> postedById = new TreeMap<>();

  @BeforeAll
  static void indexBothWays() throws Exception {
    solr =
        SolrServerProcess.builder()
            .builtinCore("ours", "ckan")
            .builtinCore("ckans", "ckan")
            .start();
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
    try (SolrIndexWriter writer =
        new SolrIndexWriter(
            solr.baseUrl(),
            "ours",
            "default",
            SolrWireFormat.of(schema.release()),
            new SolrRetry(2, Duration.ofMillis(50)))) {
      writer.write(actions);
      writer.commit();
    }
    String posted = Files.readString(CkanGoldFixture.postedDocs());
    post("ckans", posted);
    for (Object d : JSON.readValue(posted, List.class)) {
      postedById.put((String) ((Map<?, ?>) d).get("id"), (Map<?, ?>) d);
    }
    ids = new TreeSet<>(ids("ckans"));
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
    assertThat(ids("ours")).as("documents in the two cores").isEqualTo(ids).hasSize(10);
    Set<String> fields = fields();
    assertThat(fields).as("indexed fields").contains("text", "urls", "res_format", "title_ngram");

    int[] compared = new int[1];
    assertThat(differences(fields, compared))
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
    List<?> posted = JSON.readValue(Files.readString(CkanGoldFixture.postedDocs()), List.class);
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
    post("ckans", JSON.writeValueAsString(List.of(doc)));

    assertThat(differences(fields(), new int[1]))
        .containsExactly(id + " terms text: only CKAN's [zebraword], only ours []");
  }

  /**
   * The fields whose terms are compared: every indexed field of either core except numbers and
   * dates (point fields hold no terms to enumerate: stored ones are compared as stored values, the
   * others, such as {@code views_recent}, collected in {@link #unstoredPoints} and compared by
   * querying each document for the value CKAN posted).
   */
  private static Set<String> fields() throws Exception {
    Set<String> pointTypes = new TreeSet<>();
    for (Object t : (List<?>) get("ours", "/schema/fieldtypes?wt=json").get("fieldTypes")) {
      Map<?, ?> type = (Map<?, ?>) t;
      if (String.valueOf(type.get("class")).endsWith("PointField")) {
        pointTypes.add((String) type.get("name"));
      }
    }
    Set<String> fields = new TreeSet<>();
    for (String core : List.of("ours", "ckans")) {
      ((Map<?, ?>) get(core, "/admin/luke?numTerms=0&wt=json").get("fields"))
          .forEach(
              (name, info) -> {
                Map<?, ?> field = (Map<?, ?>) info;
                String flags = String.valueOf(field.get("schema"));
                if (!flags.startsWith("I")) {
                  return;
                }
                if (pointTypes.contains(String.valueOf(field.get("type")))) {
                  if (!flags.contains("S")) {
                    unstoredPoints.add((String) name);
                  }
                  return;
                }
                fields.add((String) name);
              });
    }
    fields.removeAll(MOMENT_OF_INDEXING);
    return fields;
  }

  /** Per document: stored values, then each field's indexed terms, ours against CKAN's. */
  private static List<String> differences(Set<String> fields, int[] compared) throws Exception {
    List<String> differences = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> ours = stored("ours", id);
      Map<String, Object> ckans = stored("ckans", id);
      Set<String> storedFields = new TreeSet<>(ours.keySet());
      storedFields.addAll(ckans.keySet());
      storedFields.removeAll(MOMENT_OF_INDEXING);
      for (String f : storedFields) {
        if (!String.valueOf(ckans.get(f)).equals(String.valueOf(ours.get(f)))) {
          differences.add(id + " stored " + f + ": CKAN " + ckans.get(f) + " ours " + ours.get(f));
        }
      }
      for (String f : unstoredPoints) {
        Object value = postedById.get(id).get(f);
        String q = f + ":" + (value == null ? "[* TO *]" : "\"" + value + "\"");
        long a = count("ours", id, q);
        long e = count("ckans", id, q);
        compared[0]++;
        if (a != e) {
          differences.add(id + " indexed " + q + ": CKAN " + e + " ours " + a);
        }
      }
      Map<String, Map<String, Long>> ourTerms = terms("ours", id, fields);
      Map<String, Map<String, Long>> ckanTerms = terms("ckans", id, fields);
      for (String f : fields) {
        Map<String, Long> a = ourTerms.getOrDefault(f, Map.of());
        Map<String, Long> e = ckanTerms.getOrDefault(f, Map.of());
        compared[0] += e.size();
        if (!a.equals(e)) {
          Set<String> onlyCkans = new TreeSet<>(e.keySet());
          onlyCkans.removeAll(a.keySet());
          Set<String> onlyOurs = new TreeSet<>(a.keySet());
          onlyOurs.removeAll(e.keySet());
          differences.add(
              id + " terms " + f + ": only CKAN's " + onlyCkans + ", only ours " + onlyOurs);
        }
      }
    }
    return differences;
  }

  private static void post(String core, String json) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(solr.coreUrl(core) + "/update?commit=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static Set<String> ids(String core) throws Exception {
    Map<?, ?> body = get(core, "/select?q=*:*&fl=id&rows=1000&wt=json");
    Set<String> out = new TreeSet<>();
    for (Object d : (List<?>) ((Map<?, ?>) body.get("response")).get("docs")) {
      out.add((String) ((Map<?, ?>) d).get("id"));
    }
    return out;
  }

  private static long count(String core, String id, String q) throws Exception {
    Map<?, ?> body =
        get(core, "/select?rows=0&wt=json&q=" + enc("id:\"" + id + "\"") + "&fq=" + enc(q));
    return ((Number) ((Map<?, ?>) body.get("response")).get("numFound")).longValue();
  }

  private static Map<String, Object> stored(String core, String id) throws Exception {
    Map<?, ?> body = get(core, "/select?fl=*&wt=json&q=" + enc("id:\"" + id + "\""));
    List<?> docs = (List<?>) ((Map<?, ?>) body.get("response")).get("docs");
    assertThat(docs).as("document %s in %s", id, core).hasSize(1);
    Map<String, Object> out = new TreeMap<>();
    ((Map<?, ?>) docs.get(0)).forEach((k, v) -> out.put((String) k, v));
    return out;
  }

  /** Each field's indexed terms within one document, with their counts. */
  private static Map<String, Map<String, Long>> terms(String core, String id, Set<String> fields)
      throws Exception {
    StringBuilder q =
        new StringBuilder("/select?rows=0&wt=json&facet=true&facet.method=enum")
            .append("&facet.limit=-1&facet.mincount=1&facet.sort=index&q=")
            .append(enc("id:\"" + id + "\""));
    for (String f : fields) {
      q.append("&facet.field=").append(enc(f));
    }
    Map<?, ?> body = get(core, q.toString());
    Map<?, ?> byField = (Map<?, ?>) ((Map<?, ?>) body.get("facet_counts")).get("facet_fields");
    Map<String, Map<String, Long>> out = new TreeMap<>();
    byField.forEach(
        (f, list) -> {
          List<?> pairs = (List<?>) list;
          Map<String, Long> terms = new TreeMap<>();
          for (int i = 0; i < pairs.size(); i += 2) {
            terms.put(String.valueOf(pairs.get(i)), ((Number) pairs.get(i + 1)).longValue());
          }
          out.put((String) f, terms);
        });
    return out;
  }

  private static Map<?, ?> get(String core, String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(solr.coreUrl(core) + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readValue(r.body(), Map.class);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
