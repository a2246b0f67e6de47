package org.ckanmigrate.demo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Warms the demo's freshly started Solr while the migration's first phases run: CKAN-shaped
 * documents (the CKAN configset's analysed fields, copyFields and stored JSON) are indexed into a
 * scratch core, committed, read back page by page as the index phase's finish reads ids, and
 * deleted.
 *
 * <p>Why: a profile of the demo (JFR, 30,000 datasets) had Solr's JIT compiler threads at about a
 * fifth of Solr's CPU during the index phase, on the cores the phase needed, while the dump phase
 * left most of a core idle. The JIT's work is per class, not per core, so the index phase then runs
 * on compiled code. Nothing here touches the target core, and a failure only costs the warm-up.
 */
final class SolrWarmUp implements AutoCloseable {

  static final String CORE = "warmup";
  private static final String SITE = "ckan-migrate-warmup";
  private static final int BATCHES = 16;
  private static final int BATCH_SIZE = 250;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String coreUrl;
  private final Thread thread;
  private volatile String outcome = "not finished";

  private SolrWarmUp(String coreUrl) {
    this.coreUrl = coreUrl;
    this.thread = new Thread(this::run, "solr-warm-up");
    thread.setDaemon(true);
  }

  /** Starts warming the scratch core at {@code coreUrl} in the background. */
  static SolrWarmUp start(String coreUrl) {
    SolrWarmUp warmUp = new SolrWarmUp(coreUrl);
    warmUp.thread.start();
    return warmUp;
  }

  /** What the warm-up did, for the demo's output: documents and seconds, or why it stopped. */
  String outcome() {
    return outcome;
  }

  private void run() {
    long start = System.nanoTime();
    try {
      Random random = new Random(42);
      for (int b = 0; b < BATCHES && !Thread.currentThread().isInterrupted(); b++) {
        StringBuilder json = new StringBuilder(BATCH_SIZE * 8_000).append('[');
        for (int i = 0; i < BATCH_SIZE; i++) {
          if (i > 0) {
            json.append(',');
          }
          document(json, b * BATCH_SIZE + i, random);
        }
        post("/update", json.append(']').toString());
      }
      post("/update?commit=true", "{}");
      // The finish of the index phase pages through ids with a cursor.
      String cursor = "*";
      for (int page = 0; page < 10; page++) {
        String body =
            get(
                "/select?q=site_id:"
                    + SITE
                    + "&fl=id,index_id&rows=1000&sort=index_id+asc&wt=json&cursorMark="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        int at = body.indexOf("\"nextCursorMark\":\"");
        if (at < 0) {
          break;
        }
        String next = body.substring(at + 18, body.indexOf('"', at + 18));
        if (next.equals(cursor)) {
          break;
        }
        cursor = next;
      }
      post("/update?commit=true", "{\"delete\":{\"query\":\"site_id:" + SITE + "\"}}");
      outcome =
          String.format(
              "%d documents indexed, read and deleted in %.1f s",
              BATCHES * BATCH_SIZE, (System.nanoTime() - start) / 1e9);
    } catch (InterruptedException e) {
      outcome = "interrupted";
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      outcome = "stopped: " + e.getMessage();
    }
  }

  /** One CKAN-shaped document: the fields the CKAN configset analyses, with varied words. */
  private static void document(StringBuilder json, int n, Random random) {
    String id = String.format("%08x-0000-4000-8000-%012x", n, (long) n * 7919);
    String name = words(random, 3 + random.nextInt(4), "-") + "-" + n;
    String title = words(random, 4 + random.nextInt(8), " ");
    String notes = words(random, 60 + random.nextInt(200), " ");
    json.append("{\"index_id\":\"").append(SITE).append('-').append(n).append('"');
    field(json, "id", id);
    field(json, "site_id", SITE);
    field(json, "name", name);
    field(json, "title", title);
    field(json, "title_string", title);
    field(json, "notes", notes);
    field(json, "url", "http://data.example.org/" + name);
    field(json, "state", "active");
    field(json, "capacity", "public");
    field(json, "entity_type", "package");
    field(json, "dataset_type", "dataset");
    field(json, "license_id", "cc-by");
    field(json, "organization", words(random, 2, "-"));
    field(json, "author", words(random, 2, " "));
    field(json, "maintainer", words(random, 2, " "));
    field(json, "metadata_created", "2014-0" + (1 + n % 9) + "-1" + n % 10 + "T10:20:30.123Z");
    field(json, "metadata_modified", "2020-0" + (1 + n % 9) + "-2" + n % 10 + "T08:00:00Z");
    for (int e = 0; e < 1 + random.nextInt(6); e++) {
      String value = words(random, 1 + random.nextInt(12), " ");
      field(json, "extras_" + words(random, 1, "_") + "_" + e, value);
    }
    int resources = 1 + random.nextInt(5);
    List<String> names = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    List<String> formats = new ArrayList<>();
    for (int r = 0; r < resources; r++) {
      names.add(words(random, 2 + random.nextInt(5), " "));
      descriptions.add(words(random, 5 + random.nextInt(40), " "));
      urls.add("http://data.example.org/files/" + words(random, 2, "-") + ".csv");
      formats.add(random.nextBoolean() ? "CSV" : "");
    }
    list(json, "res_name", names);
    list(json, "res_description", descriptions);
    list(json, "res_url", urls);
    list(json, "res_format", formats);
    list(json, "tags", List.of(words(random, 1, ""), words(random, 1, ""), words(random, 2, "-")));
    list(json, "groups", List.of(words(random, 1, "-")));
    // The stored JSON strings: not analysed, but compressed with the stored fields.
    String dict = "{\\\"name\\\": \\\"" + name + "\\\", \\\"notes\\\": \\\"" + notes + "\\\"}";
    json.append(",\"data_dict\":\"").append(dict).append('"');
    json.append(",\"validated_data_dict\":\"").append(dict).append('"');
    json.append('}');
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append(",\"").append(name).append("\":\"").append(value).append('"');
  }

  private static void list(StringBuilder json, String name, List<String> values) {
    json.append(",\"").append(name).append("\":[");
    for (int i = 0; i < values.size(); i++) {
      json.append(i > 0 ? ",\"" : "\"").append(values.get(i)).append('"');
    }
    json.append(']');
  }

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ru", "sta", "tor", "vel", "an", "bri", "cel", "dor", "en", "fa",
    "gri", "hol", "in", "jor", "ke", "lin", "mor", "nu", "os", "pra", "qui", "res", "sil", "tum",
    "ur", "vo", "wen", "xi", "yo", "zen", "ing", "tion", "ment", "ed", "er", "s"
  };

  // Made-up words from syllables: many distinct terms, as real catalogues have, for the term
  // hashes, stemmer and n-gram code to meet.
  private static String words(Random random, int count, String separator) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < count; w++) {
      if (w > 0) {
        sb.append(separator);
      }
      int syllables = 1 + random.nextInt(4);
      for (int s = 0; s < syllables; s++) {
        sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
    }
    return sb.toString();
  }

  private void post(String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(coreUrl + path))
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Solr answered "
              + response.statusCode()
              + " to "
              + path.replaceAll("\\?.*", "")
              + ": "
              + solrMessage(response.body()));
    }
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(coreUrl + path))
                .timeout(Duration.ofMinutes(1))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Solr answered " + response.statusCode() + " to a query");
    }
    return response.body();
  }

  // Solr's own error message from a JSON error body, shortened; the body itself otherwise.
  private static String solrMessage(String body) {
    int at = body.indexOf("\"msg\":\"");
    String msg =
        at < 0 ? body : body.substring(at + 7, Math.max(at + 7, body.indexOf('"', at + 7)));
    return msg.length() > 300 ? msg.substring(0, 300) + "..." : msg;
  }

  /** Waits up to {@code timeout} for the warm-up to end; true if it has. */
  boolean await(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    return !thread.isAlive();
  }

  /** Stops a warm-up still running (the demo is ending) and waits briefly for it. */
  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(Duration.ofSeconds(10).toMillis());
  }
}
