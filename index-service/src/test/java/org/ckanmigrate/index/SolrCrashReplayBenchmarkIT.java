package org.ckanmigrate.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.common.SolrInputDocument;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/benchmarks/reindex.md, "Crash replay": what the configset's 60 s hard commits cost when Solr
 * crashes. Updates since the last hard commit live only in the update log (tlog) and are replayed
 * when the core loads again, so the worst case is a crash just before a commit. For the old 15 s
 * and the new 60 s commit interval, side by side: index CKAN-sized documents as fast as one client
 * can for just under one interval, kill Solr (SIGKILL), start it again, and time until it answers
 * and until every document is searchable. Runs only with {@code -Dckan.benchmark.solr-crash=true}:
 *
 * <pre>
 * flock /tmp/ckan-bench.lock ./mvnw -B -o -pl index-service verify \
 *     -Dit.test=SolrCrashReplayBenchmarkIT -Dckan.benchmark.solr-crash=true \
 *     -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class SolrCrashReplayBenchmarkIT {

  private static final int BATCH = 500;

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void aCrashJustBeforeTheHardCommitLosesNothingAndCostsAReplay() throws Exception {
    assumeTrue(
        Boolean.getBoolean("ckan.benchmark.solr-crash"),
        "set -Dckan.benchmark.solr-crash=true to run the Solr crash-replay benchmark");
    List<String> report = new ArrayList<>();
    for (String c :
        System.getProperty(
                "ckan.benchmark.solr-crash.cases", "15:512m:-1,60:384m:-1,60:512m:-1,60:512m,60:1g")
            .split(",")) {
      // seconds between hard commits : Solr heap [: hard commit every N documents, -1 none]
      String[] parts = c.split(":");
      String maxDocs = parts.length > 2 ? parts[2] : null;
      Replay replay = crashAndReplay(Integer.parseInt(parts[0]) * 1000, parts[1], maxDocs);
      report.add(replay.line());
      if (maxDocs == null && !parts[1].equals("384m")) {
        // What the project ships (the configset's own commit settings, a heap of 512 MB or more)
        // must bring every document back.
        assertThat(replay.found()).as(replay.line()).isEqualTo(replay.sent());
      }
      System.out.println("SOLR CRASH REPLAY so far\n  " + String.join("\n  ", report));
    }
    System.out.println("SOLR CRASH REPLAY\n  " + String.join("\n  ", report));
  }

  record Replay(long sent, long found, String line) {}

  private static Replay crashAndReplay(int commitMs, String heap, String maxDocs) throws Exception {
    List<String> options = new ArrayList<>(List.of("-Dsolr.autoCommit.maxTime=" + commitMs));
    if (maxDocs != null) {
      options.add("-Dsolr.autoCommit.maxDocs=" + maxDocs);
    }
    try (SolrServerProcess solr =
        SolrServerProcess.builder()
            .builtinCore("ckan", "ckan")
            .heap(heap)
            .jvmOptions(options.toArray(String[]::new))
            .startupTimeout(Duration.ofMinutes(10))
            .start()) {
      long sent = 0;
      // The interval starts with the first uncommitted update: stop 3 s short of the commit.
      long stopAt = 0;
      try (HttpJdkSolrClient client = new HttpJdkSolrClient.Builder(solr.baseUrl()).build()) {
        while (stopAt == 0 || System.nanoTime() < stopAt) {
          List<SolrInputDocument> batch = new ArrayList<>(BATCH);
          for (int i = 0; i < BATCH; i++) {
            batch.add(document(sent + i));
          }
          client.add("ckan", batch);
          if (stopAt == 0) {
            stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(commitMs - 3_000);
          }
          sent += BATCH;
        }
        assertThat(count(client))
            .as("nothing was hard-committed or visible before the crash")
            .isZero();
      }
      long tlogBytes = tlogBytes(solr.home());
      solr.kill();

      long start = System.nanoTime();
      solr.restart();
      double answering = (System.nanoTime() - start) / 1e9;
      long found;
      double searchable;
      try (HttpJdkSolrClient client = new HttpJdkSolrClient.Builder(solr.baseUrl()).build()) {
        // The replay commits when it ends; until then the replayed documents are not searchable.
        // A replay that fails part-way commits what it managed: stop once the count is steady.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long last = -1;
        long steadySince = System.nanoTime();
        searchable = 0;
        while ((found = count(client)) < sent && System.nanoTime() < deadline) {
          if (found != last) {
            last = found;
            steadySince = System.nanoTime();
            searchable = (steadySince - start) / 1e9;
          } else if (found > 0 && System.nanoTime() - steadySince > TimeUnit.SECONDS.toNanos(30)) {
            break;
          }
          Thread.sleep(200);
        }
        if (found == sent) {
          searchable = (System.nanoTime() - start) / 1e9;
        }
      }
      String log = Files.readString(solr.logFile());
      boolean oom = log.contains("OutOfMemoryError");
      // Solr's own account of the replay: "Log replay finished. recoveryInfo=RecoveryInfo{adds=N
      // ... errors=M ...}".
      java.util.regex.Matcher recovery =
          java.util.regex.Pattern.compile("recoveryInfo=RecoveryInfo\\{adds=(\\d+).*?errors=(\\d+)")
              .matcher(log);
      String replayed = "no replay logged";
      while (recovery.find()) {
        replayed = "replayed " + recovery.group(1) + " adds, " + recovery.group(2) + " errors";
      }
      return new Replay(
          sent,
          found,
          String.format(
              "hard commit every %d s%s, Solr heap %s: %,d documents sent (%.0f MB of tlog at the"
                  + " kill); %s; restart answering after %.1f s; %,d searchable after %.1f s%s",
              commitMs / 1000,
              maxDocs == null
                  ? " or 100,000 documents (configset default)"
                  : "-1".equals(maxDocs) ? "" : " or " + maxDocs + " documents",
              heap,
              sent,
              tlogBytes / 1e6,
              replayed,
              answering,
              found,
              searchable,
              found == sent
                  ? " (all)"
                  : String.format(
                      " — %,d LOST in the replay%s",
                      sent - found, oom ? " (OutOfMemoryError)" : "")));
    }
  }

  private static long count(HttpJdkSolrClient client) throws Exception {
    return client.query("ckan", new SolrQuery("*:*").setRows(0)).getResults().getNumFound();
  }

  private static long tlogBytes(Path home) throws Exception {
    try (Stream<Path> files = Files.walk(home)) {
      return files
          .filter(p -> p.toString().contains("/tlog/") && Files.isRegularFile(p))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (java.io.IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  /** About the size of a CKAN dataset document: text fields, resources, both data dicts. */
  private static SolrInputDocument document(long n) {
    SolrInputDocument d = new SolrInputDocument();
    String id = String.format("00000000-0000-4000-8000-%012d", n);
    d.addField("index_id", "crash-" + n);
    d.addField("id", id);
    d.addField("site_id", "crash-replay");
    d.addField("entity_type", "package");
    d.addField("dataset_type", "dataset");
    d.addField("state", "active");
    d.addField("capacity", "public");
    d.addField("name", "dataset-" + n);
    d.addField("title", "Dataset number " + n + " about transport, schools and spending");
    String notes = ("Published monthly by the department; figures for region " + n % 97 + ". ");
    d.addField("notes", notes.repeat(8));
    for (int t = 0; t < 5; t++) {
      d.addField("tags", "tag-" + (n + t) % 500);
    }
    for (int r = 0; r < 3; r++) {
      d.addField("res_name", "Resource " + r + " of " + n);
      d.addField("res_url", "https://data.example.org/" + id + "/resource/" + r + ".csv");
      d.addField("res_format", "CSV");
    }
    String dict = "{\"id\": \"" + id + "\", \"notes\": \"" + notes.repeat(12) + "\"}";
    d.addField("data_dict", dict);
    d.addField("validated_data_dict", dict);
    return d;
  }
}
