package org.ckanmigrate.index.phase;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.index.batch.BatchIndexer;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexRules;
import org.ckanmigrate.index.read.CkanSchema;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.solr.SolrIndexWriter;
import org.ckanmigrate.platform.concurrent.DaemonThreads;
import org.ckanmigrate.platform.phase.PhaseFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker needs to index a run's batches (a CKAN connection, the detected schema, the
 * document builder and a Solr writer), kept between batches of the same run: opening them for every
 * batch costs a PostgreSQL backend (fork, authentication, cold catalogue caches, unprepared
 * statements) and a new Solr client and connection, CPU that Solr needs on a shared machine. A
 * session is used by one worker at a time; one that failed is closed, not reused; idle ones are
 * closed after a while, so a finished run holds no connection for long.
 */
final class RunSessions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunSessions.class);

  private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();
  private final ScheduledExecutorService sweeper;
  private final SolrWriters writers;
  private volatile boolean closed;

  /** Opens a Solr writer for a run's index spec and the rules it follows. */
  interface SolrWriters {
    SolrIndexWriter open(IndexSpec index, IndexRules rules);
  }

  /** Sessions idle for longer than {@code idle} are closed. */
  RunSessions(SolrWriters writers, Duration idle) {
    this.writers = writers;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("index-session-sweeper-"));
    long every = Math.max(100, idle.toMillis() / 3);
    sweeper.scheduleWithFixedDelay(
        () -> closeIdleSince(System.nanoTime() - idle.toNanos()),
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** An idle session of {@code runId}, if there is one. Give it back or discard it after use. */
  Optional<Session> reuse(String runId) {
    for (Iterator<Session> it = idle.iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (s.runId.equals(runId) && idle.remove(s)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** A new session of {@code runId}. Give it back or discard it after use. */
  Session open(String runId, TargetSpec target, IndexSpec index)
      throws PhaseFailureException, SQLException {
    Connection c = TargetConnections.open(target);
    try {
      CkanSchema schema = CkanSchema.detect(c);
      IndexRules rules = IndexRules.from(index, schema.release());
      SolrIndexWriter writer = writers.open(index, rules);
      BatchIndexer indexer =
          new BatchIndexer(new DatasetBatchReader(schema), new CkanDocumentBuilder(rules), writer);
      return new Session(runId, c, writer, indexer);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** A session that worked, for the next batch of its run (closed if the service is stopping). */
  void giveBack(Session s) {
    s.lastUsed = System.nanoTime();
    idle.addFirst(s);
    if (closed && idle.remove(s)) {
      s.close();
    }
  }

  /** A session that failed: closed, so the next batch starts with fresh connections. */
  void discard(Session s) {
    s.close();
  }

  private void closeIdleSince(long nanos) {
    for (Iterator<Session> it = idle.iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (s.lastUsed - nanos <= 0 && idle.remove(s)) {
        s.close();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    sweeper.shutdownNow();
    Session s;
    while ((s = idle.poll()) != null) {
      s.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("Closing an index session resource: {}", e.toString());
    }
  }

  /** One worker's connection, writer and indexer for one run. */
  static final class Session {
    private final String runId;
    private final Connection connection;
    private final SolrIndexWriter writer;
    private final BatchIndexer indexer;
    private volatile long lastUsed;

    private Session(
        String runId, Connection connection, SolrIndexWriter writer, BatchIndexer indexer) {
      this.runId = runId;
      this.connection = connection;
      this.writer = writer;
      this.indexer = indexer;
      this.lastUsed = System.nanoTime();
    }

    Connection connection() {
      return connection;
    }

    BatchIndexer indexer() {
      return indexer;
    }

    private void close() {
      closeQuietly(connection);
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        log.debug("Closing an index session's Solr writer: {}", e.toString());
      }
    }
  }
}
