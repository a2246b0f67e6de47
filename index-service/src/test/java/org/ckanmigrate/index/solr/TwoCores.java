package org.ckanmigrate.index.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two cores of one configset compared document by document and field by field: stored values and
 * indexed terms alike, including the fields that are indexed only ({@code text}, {@code urls},
 * {@code *_ngram} and the other copyField targets). Indexed terms are read by enumerating each
 * field's terms within one document ({@code facet.method=enum}); point fields hold no terms to
 * enumerate, so stored ones are compared as stored values and unstored ones (such as {@code
 * views_recent}) by querying each document for the value posted to the reference core.
 */
final class TwoCores {

  static final JsonMapper JSON = JsonMapper.builder().build();
  // Set at the moment of indexing, so never equal between two posts.
  private static final Set<String> MOMENT_OF_INDEXING = Set.of("indexed_ts", "_version_");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final SolrServerProcess solr;
  private final String ours;
  private final String reference;
  private final String referenceName;
  private final Set<String> unstoredPoints = new TreeSet<>();

  /** {@code ours} is compared with {@code reference}, named {@code referenceName} in messages. */
  TwoCores(SolrServerProcess solr, String ours, String reference, String referenceName) {
    this.solr = solr;
    this.ours = ours;
    this.reference = reference;
    this.referenceName = referenceName;
  }

  /** Indexes {@code actions} into {@code core} through the project's writer, with a commit. */
  static void index(
      SolrServerProcess solr,
      String core,
      org.ckanmigrate.index.read.CkanRelease release,
      List<org.ckanmigrate.index.document.IndexAction> actions)
      throws Exception {
    try (SolrIndexWriter writer =
        new SolrIndexWriter(
            solr.baseUrl(),
            core,
            "default",
            SolrWireFormat.of(release),
            new SolrRetry(2, java.time.Duration.ofMillis(50)))) {
      writer.write(actions);
      writer.commit();
    }
  }

  /** Posts a JSON array of documents to the reference core, as pysolr 3.9.0 does, and commits. */
  void postReference(String json) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(solr.coreUrl(reference) + "/update?commit=true"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  Set<String> oursIds() throws Exception {
    return ids(ours);
  }

  Set<String> referenceIds() throws Exception {
    return ids(reference);
  }

  /**
   * The fields whose terms are compared: every indexed field of either core except the point fields
   * and the ones set at the moment of indexing.
   */
  Set<String> fields() throws Exception {
    Set<String> pointTypes = new TreeSet<>();
    for (Object t : (List<?>) get(ours, "/schema/fieldtypes?wt=json").get("fieldTypes")) {
      Map<?, ?> type = (Map<?, ?>) t;
      if (String.valueOf(type.get("class")).endsWith("PointField")) {
        pointTypes.add((String) type.get("name"));
      }
    }
    Set<String> fields = new TreeSet<>();
    for (String core : List.of(ours, reference)) {
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

  /**
   * Per document of {@code ids}: stored values, then each field's indexed terms, ours against the
   * reference's; {@code postedById} holds the documents posted to the reference (for the unstored
   * point fields). Adds the number of terms compared to {@code compared[0]}.
   */
  List<String> differences(
      Set<String> ids, Set<String> fields, Map<String, Map<?, ?>> postedById, int[] compared)
      throws Exception {
    List<String> differences = new ArrayList<>();
    String them = referenceName;
    for (String id : ids) {
      Map<String, Object> a = stored(ours, id);
      Map<String, Object> e = stored(reference, id);
      Set<String> storedFields = new TreeSet<>(a.keySet());
      storedFields.addAll(e.keySet());
      storedFields.removeAll(MOMENT_OF_INDEXING);
      for (String f : storedFields) {
        if (!String.valueOf(e.get(f)).equals(String.valueOf(a.get(f)))) {
          differences.add(id + " stored " + f + ": " + them + " " + e.get(f) + " ours " + a.get(f));
        }
      }
      for (String f : unstoredPoints) {
        Object value = postedById.get(id).get(f);
        String q = f + ":" + (value == null ? "[* TO *]" : "\"" + value + "\"");
        long got = count(ours, id, q);
        long want = count(reference, id, q);
        compared[0]++;
        if (got != want) {
          differences.add(id + " indexed " + q + ": " + them + " " + want + " ours " + got);
        }
      }
      Map<String, Map<String, Long>> ourTerms = terms(ours, id, fields);
      Map<String, Map<String, Long>> theirTerms = terms(reference, id, fields);
      for (String f : fields) {
        Map<String, Long> got = ourTerms.getOrDefault(f, Map.of());
        Map<String, Long> want = theirTerms.getOrDefault(f, Map.of());
        compared[0] += want.size();
        if (!got.equals(want)) {
          Set<String> onlyTheirs = new TreeSet<>(want.keySet());
          onlyTheirs.removeAll(got.keySet());
          Set<String> onlyOurs = new TreeSet<>(got.keySet());
          onlyOurs.removeAll(want.keySet());
          differences.add(
              id
                  + " terms "
                  + f
                  + ": only "
                  + them
                  + "'s "
                  + onlyTheirs
                  + ", only ours "
                  + onlyOurs);
        }
      }
    }
    return differences;
  }

  /** The stored fields of document {@code id} in our core. */
  Map<String, Object> oursStored(String id) throws Exception {
    return stored(ours, id);
  }

  private Set<String> ids(String core) throws Exception {
    Map<?, ?> body = get(core, "/select?q=*:*&fl=id&rows=100000&wt=json");
    Set<String> out = new TreeSet<>();
    for (Object d : (List<?>) ((Map<?, ?>) body.get("response")).get("docs")) {
      out.add((String) ((Map<?, ?>) d).get("id"));
    }
    return out;
  }

  private long count(String core, String id, String q) throws Exception {
    Map<?, ?> body =
        get(core, "/select?rows=0&wt=json&q=" + enc("id:\"" + id + "\"") + "&fq=" + enc(q));
    return ((Number) ((Map<?, ?>) body.get("response")).get("numFound")).longValue();
  }

  private Map<String, Object> stored(String core, String id) throws Exception {
    Map<?, ?> body = get(core, "/select?fl=*&wt=json&q=" + enc("id:\"" + id + "\""));
    List<?> docs = (List<?>) ((Map<?, ?>) body.get("response")).get("docs");
    assertThat(docs).as("document %s in %s", id, core).hasSize(1);
    Map<String, Object> out = new TreeMap<>();
    ((Map<?, ?>) docs.get(0)).forEach((k, v) -> out.put((String) k, v));
    return out;
  }

  /** Each field's indexed terms within one document, with their counts. */
  private Map<String, Map<String, Long>> terms(String core, String id, Set<String> fields)
      throws Exception {
    // Without the filter cache (minDf): each term is intersected with the one document directly.
    StringBuilder q =
        new StringBuilder("rows=0&wt=json&facet=true&facet.method=enum")
            .append("&facet.enum.cache.minDf=2147483647")
            .append("&facet.limit=-1&facet.mincount=1&facet.sort=index&q=")
            .append(enc("id:\"" + id + "\""));
    for (String f : fields) {
      q.append("&facet.field=").append(enc(f));
    }
    Map<?, ?> body = postForm(core, "/select", q.toString());
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

  private Map<?, ?> get(String core, String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(solr.coreUrl(core) + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readValue(r.body(), Map.class);
  }

  // A form body, not a URL: a generated catalogue has hundreds of extras_* fields.
  private Map<?, ?> postForm(String core, String path, String form) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(solr.coreUrl(core) + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readValue(r.body(), Map.class);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
