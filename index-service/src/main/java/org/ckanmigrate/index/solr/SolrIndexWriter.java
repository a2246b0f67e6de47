package org.ckanmigrate.index.solr;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.platform.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Writes CKAN documents to a Solr core: one update request per batch (upserts by {@code index_id},
 * so a redelivered batch is harmless; deletes by the same key), bounded retries when Solr is down,
 * and a finish step that commits, removes this site's stale documents and verifies the result. The
 * index is never cleared first, so search keeps working during a reindex.
 */
public final class SolrIndexWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SolrIndexWriter.class);
  private static final Pattern DOC = Pattern.compile("\\[doc=([^\\]]+)\\]");
  private static final Pattern FIELD =
      Pattern.compile("(?:field '([^']+)'|field=\"?([^\"\\s,]+)\"?|fieldName=([^\\s,]+))");
  private static final int PAGE = 10_000;
  private static final int DELETE_CHUNK = 1_000;
  private static final int NAMED_IDS = 20;

  private final java.util.function.Supplier<SolrClient> clients;
  private SolrClient client;
  private ExecutorService executor;
  private final String solrUrl;
  private final String core;
  private final String siteId;
  private final SolrWireFormat wire;
  private final RetryTemplate retries;

  /**
   * A writer for {@code core} on the Solr at {@code solrUrl} ({@code http://host:8983/solr}).
   *
   * @param siteId CKAN's {@code ckan.site_id}: the documents this writer owns
   * @param wire what the target CKAN release's pysolr sends ({@link SolrWireFormat#of})
   */
  public SolrIndexWriter(
      String solrUrl, String core, String siteId, SolrWireFormat wire, SolrRetry retry) {
    this(solrUrl, core, siteId, wire, retry, Duration.ofMinutes(2));
  }

  /**
   * As above, with the longest time one request (a whole batch) may take before it counts as failed
   * and is retried.
   */
  public SolrIndexWriter(
      String solrUrl,
      String core,
      String siteId,
      SolrWireFormat wire,
      SolrRetry retry,
      Duration requestTimeout) {
    this(solrUrl, core, siteId, wire, retry, requestTimeout, daemonExecutor());
  }

  private SolrIndexWriter(
      String solrUrl,
      String core,
      String siteId,
      SolrWireFormat wire,
      SolrRetry retry,
      Duration requestTimeout,
      ExecutorService executor) {
    this(
        // Our own executor: the client would otherwise wait up to a minute on close for threads
        // stuck on a Solr that went away.
        () ->
            new HttpJdkSolrClient.Builder(solrUrl)
                .withExecutor(executor)
                .useHttp1_1(true)
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .withIdleTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .withRequestTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(),
        solrUrl,
        core,
        siteId,
        wire,
        retry);
    this.executor = executor;
  }

  private static ExecutorService daemonExecutor() {
    return Executors.newCachedThreadPool(DaemonThreads.named("solr-writer-"));
  }

  SolrIndexWriter(
      java.util.function.Supplier<SolrClient> clients,
      String solrUrl,
      String core,
      String siteId,
      SolrWireFormat wire,
      SolrRetry retry) {
    this.clients = clients;
    this.client = clients.get();
    this.solrUrl = Scrubber.scrub(solrUrl);
    this.core = core;
    this.siteId = siteId;
    this.wire = java.util.Objects.requireNonNull(wire, "wire");
    this.retries = retries(retry);
  }

  /**
   * Transport failures and 5xx answers are tried again, the wait doubling from the initial backoff;
   * before each new try the client is renewed (its pooled connections may point at a Solr that is
   * gone) and the failure logged.
   */
  private RetryTemplate retries(SolrRetry retry) {
    Duration longest = retry.initialBackoff().multipliedBy(1024);
    RetryTemplate template =
        new RetryTemplate(
            RetryPolicy.builder()
                .maxRetries(retry.attempts() - 1)
                .delay(retry.initialBackoff())
                .multiplier(2)
                // Spring wants a positive cap, which a zero backoff (tests) does not give.
                .maxDelay(longest.isZero() ? Duration.ofMillis(1) : longest)
                .predicate(
                    e ->
                        e instanceof SolrServerException
                            || e instanceof IOException
                            || e instanceof SolrException se && retryable(se))
                .build());
    template.setRetryListener(
        new RetryListener() {
          @Override
          public void beforeRetry(RetryPolicy policy, Retryable<?> request, RetryState state) {
            renewClient();
            log.warn(
                "Solr {} core {} failed (attempt {}/{}), trying again: {}",
                solrUrl,
                core,
                state.getExceptions().size(),
                retry.attempts(),
                Scrubber.scrub(String.valueOf(state.getLastException())));
          }
        });
    return template;
  }

  /**
   * Sends a batch in one update request, without committing.
   *
   * @return how many documents were added and deleted
   * @throws IndexFailure {@code SEARCH_UNAVAILABLE} after the retries, or {@code DOCUMENT_REJECTED}
   *     naming the dataset and field Solr refused
   */
  public BatchResult write(List<IndexAction> batch) throws IndexFailure {
    Map<String, String> datasetByIndexId = new HashMap<>();
    List<SolrInputDocument> docs = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    for (IndexAction action : batch) {
      String indexId = CkanDocumentBuilder.indexId(action.datasetId(), siteId);
      datasetByIndexId.put(indexId, action.datasetId());
      if (action instanceof IndexAction.Upsert upsert) {
        docs.add(wire.toSolr(upsert.document()));
      } else {
        deletes.add(indexId);
      }
    }
    if (docs.isEmpty() && deletes.isEmpty()) {
      return new BatchResult(0, 0);
    }
    UpdateRequest request = new UpdateRequest();
    if (!docs.isEmpty()) {
      request.add(docs);
    }
    if (!deletes.isEmpty()) {
      request.deleteById(deletes);
    }
    try {
      send(request, "update of " + batch.size() + " datasets");
    } catch (SolrException e) {
      throw rejected(e, docs, datasetByIndexId);
    }
    return new BatchResult(docs.size(), deletes.size());
  }

  /** Commits (new searcher, waits for it). */
  public void commit() throws IndexFailure {
    UpdateRequest request = new UpdateRequest();
    request.setAction(UpdateRequest.ACTION.COMMIT, true, true);
    send(request, "commit");
  }

  /**
   * Ends a run: commits; removes this site's documents whose dataset is not in {@code expected} (it
   * no longer exists or is deleted) and, if given, every document of {@code previousSiteId};
   * commits again and checks that Solr holds exactly the expected datasets for this site.
   *
   * @param expected ids of the datasets that must be in the index
   * @throws IndexFailure {@code INDEX_INCOMPLETE} naming missing ids when the check fails
   */
  public FinishResult finish(Collection<String> expected, String previousSiteId)
      throws IndexFailure {
    commit();
    Set<String> expectedIds = new HashSet<>(expected);
    Map<String, String> indexed = indexedIds(siteId);
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> e : indexed.entrySet()) {
      if (!expectedIds.contains(e.getKey())) {
        stale.add(e.getValue());
      }
    }
    for (int i = 0; i < stale.size(); i += DELETE_CHUNK) {
      UpdateRequest request = new UpdateRequest();
      request.deleteById(stale.subList(i, Math.min(stale.size(), i + DELETE_CHUNK)));
      send(request, "removal of stale documents");
    }
    long previousRemoved = 0;
    if (previousSiteId != null && !previousSiteId.isBlank() && !previousSiteId.equals(siteId)) {
      previousRemoved = count(previousSiteId);
      if (previousRemoved > 0) {
        UpdateRequest request = new UpdateRequest();
        request.deleteByQuery(siteFilter(previousSiteId));
        send(request, "removal of site " + previousSiteId);
      }
    }
    boolean removed = !stale.isEmpty() || previousRemoved > 0;
    if (removed) {
      commit();
    }
    // What Solr holds now is known without reading every id again: what it held minus what was
    // removed. The count confirms it; only a mismatch pays for a second pass to name the ids.
    Map<String, String> after = new LinkedHashMap<>(indexed);
    after.keySet().retainAll(expectedIds);
    long solrCount = count(siteId);
    if (solrCount != after.size()) {
      after = indexedIds(siteId);
    }
    Set<String> missing = new TreeSet<>(expectedIds);
    missing.removeAll(after.keySet());
    Set<String> unexpected = new TreeSet<>(after.keySet());
    unexpected.removeAll(expectedIds);
    if (!missing.isEmpty() || !unexpected.isEmpty() || solrCount != expectedIds.size()) {
      throw new IndexFailure(
          ErrorCode.INDEX_INCOMPLETE,
          "Solr core "
              + core
              + " holds "
              + solrCount
              + " documents for site "
              + siteId
              + " but "
              + expectedIds.size()
              + " were expected; missing "
              + missing.size()
              + names(missing)
              + ", unexpected "
              + unexpected.size()
              + names(unexpected)
              + ". Reindex the missing datasets (the run can be resumed).",
          missing.isEmpty() ? null : missing.iterator().next(),
          null,
          null);
    }
    return new FinishResult(after.size(), stale.size(), previousRemoved);
  }

  /** Dataset ids (and their index ids) Solr holds for {@code site}. */
  public Map<String, String> indexedIds(String site) throws IndexFailure {
    Map<String, String> out = new LinkedHashMap<>();
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrQuery q = new SolrQuery("*:*");
      q.addFilterQuery(siteFilter(site));
      q.setFields("id", "index_id");
      q.setRows(PAGE);
      q.setSort("index_id", SolrQuery.ORDER.asc);
      q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse response = query(q);
      for (SolrDocument d : response.getResults()) {
        out.put(String.valueOf(d.getFieldValue("id")), String.valueOf(d.getFieldValue("index_id")));
      }
      String next = response.getNextCursorMark();
      if (next == null || next.equals(cursor)) {
        return out;
      }
      cursor = next;
    }
  }

  /** Documents Solr holds for {@code site} (CKAN datasets only). */
  public long count(String site) throws IndexFailure {
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(siteFilter(site));
    q.setRows(0);
    return query(q).getResults().getNumFound();
  }

  private static String siteFilter(String site) {
    return "+site_id:\"" + ClientUtils.escapeQueryChars(site) + "\" +entity_type:package";
  }

  private QueryResponse query(SolrQuery q) throws IndexFailure {
    return withRetries("query", false, () -> client.query(core, q));
  }

  // A 4xx answer to an update is thrown to the caller as it is: it finds the document to blame.
  private void send(UpdateRequest request, String what) throws IndexFailure {
    withRetries(what, true, () -> request.process(client, core));
  }

  private <T> T withRetries(String what, boolean rejectionsToCaller, Retryable<T> request)
      throws IndexFailure {
    try {
      return retries.execute(request);
    } catch (RetryException e) {
      Throwable last = e.getCause();
      if (last instanceof SolrException se) {
        if (rejectionsToCaller && !retryable(se)) {
          throw se;
        }
      } else if (last instanceof RuntimeException unexpected) {
        throw unexpected; // neither Solr's answer nor a transport failure: a bug, reported as one
      } else if (last instanceof Error error) {
        throw error;
      }
      String how = Thread.currentThread().isInterrupted() ? what + " (interrupted)" : what;
      throw unavailable(how, e.getExceptions().size(), (Exception) last);
    }
  }

  // A server error or no answer at all is worth another try; a 4xx is Solr's verdict.
  private static boolean retryable(SolrException e) {
    return e.code() >= 500 || e.code() <= 0;
  }

  // After a transport failure the client's pooled connections may point at a Solr that is gone;
  // a fresh client starts clean (the old one is closed in the background: closing can block).
  private synchronized void renewClient() {
    SolrClient old = client;
    client = clients.get();
    Thread closer =
        new Thread(
            () -> {
              try {
                old.close();
              } catch (IOException | RuntimeException e) {
                log.debug("Closing a failed Solr client: {}", e.toString());
              }
            },
            "solr-client-close");
    closer.setDaemon(true);
    closer.start();
  }

  private IndexFailure unavailable(String what, int attempts, Exception e) {
    return new IndexFailure(
        ErrorCode.SEARCH_UNAVAILABLE,
        "Solr at "
            + solrUrl
            + " (core "
            + core
            + ") did not complete the "
            + what
            + " after "
            + attempts
            + " attempt(s): "
            + Scrubber.scrub(e.toString())
            + ". Check that Solr runs and the core exists, then resume the run.",
        null,
        null,
        e);
  }

  // Solr refused the request: find the document and field to blame, sending the documents one at
  // a time if Solr's message does not name them (the good ones are upserts, so this is harmless).
  private IndexFailure rejected(
      SolrException e, List<SolrInputDocument> docs, Map<String, String> datasetByIndexId)
      throws IndexFailure {
    String message = String.valueOf(e.getMessage());
    String indexId = group(DOC.matcher(message));
    if (indexId == null && docs.size() > 1) {
      for (SolrInputDocument doc : docs) {
        UpdateRequest single = new UpdateRequest();
        single.add(doc);
        try {
          send(single, "update of one dataset");
        } catch (SolrException one) {
          message = String.valueOf(one.getMessage());
          indexId = String.valueOf(doc.getFieldValue("index_id"));
          break;
        }
      }
    } else if (indexId == null && docs.size() == 1) {
      indexId = String.valueOf(docs.get(0).getFieldValue("index_id"));
    }
    String datasetId = indexId == null ? null : datasetByIndexId.getOrDefault(indexId, indexId);
    String field = group(FIELD.matcher(message));
    return new IndexFailure(
        ErrorCode.DOCUMENT_REJECTED,
        "Solr core "
            + core
            + " rejected the document of dataset "
            + (datasetId == null ? "(unknown)" : datasetId)
            + (field == null ? "" : " in field " + field)
            + ": "
            + Scrubber.scrub(message.length() > 1000 ? message.substring(0, 1000) : message)
            + ". Check that the core uses a CKAN schema for the target CKAN version.",
        datasetId,
        field,
        e);
  }

  private static String group(Matcher m) {
    if (!m.find()) {
      return null;
    }
    for (int i = 1; i <= m.groupCount(); i++) {
      if (m.group(i) != null) {
        return m.group(i);
      }
    }
    return null;
  }

  private static String names(Set<String> ids) {
    if (ids.isEmpty()) {
      return "";
    }
    List<String> first = new ArrayList<>(ids).subList(0, Math.min(NAMED_IDS, ids.size()));
    return " (" + String.join(", ", first) + (ids.size() > NAMED_IDS ? ", ..." : "") + ")";
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } finally {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  /**
   * One batch written.
   *
   * @param added documents added or replaced
   * @param deleted documents deleted
   */
  public record BatchResult(int added, int deleted) {}

  /**
   * A finished, verified run.
   *
   * @param indexed documents Solr holds for this site
   * @param staleRemoved this site's documents of datasets that are gone or deleted
   * @param previousSiteRemoved documents of the previous site id removed
   */
  public record FinishResult(long indexed, long staleRemoved, long previousSiteRemoved) {}
}
