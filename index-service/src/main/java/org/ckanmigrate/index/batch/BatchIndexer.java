package org.ckanmigrate.index.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ckanmigrate.index.document.CkanDocumentBuilder;
import org.ckanmigrate.index.document.IndexAction;
import org.ckanmigrate.index.read.DatasetBatchReader;
import org.ckanmigrate.index.read.DatasetRows;
import org.ckanmigrate.index.solr.IndexFailure;
import org.ckanmigrate.index.solr.SolrIndexWriter;

/**
 * Indexes one batch of dataset ids: a few set-based reads, the CKAN documents built in memory, one
 * Solr update request. Ids that no longer exist in the database are removed from the index, as a
 * deleted dataset would be. Safe to repeat: everything is an upsert or delete by {@code index_id}.
 */
public final class BatchIndexer {

  private final DatasetBatchReader reader;
  private final CkanDocumentBuilder builder;
  private final SolrIndexWriter writer;

  public BatchIndexer(
      DatasetBatchReader reader, CkanDocumentBuilder builder, SolrIndexWriter writer) {
    this.reader = reader;
    this.builder = builder;
    this.writer = writer;
  }

  /**
   * Indexes the datasets {@code ids} (read through {@code connection}) and returns what was done.
   */
  public Outcome index(Connection connection, List<String> ids) throws SQLException, IndexFailure {
    long start = System.nanoTime();
    List<DatasetRows> rows = reader.read(connection, ids);
    List<IndexAction> actions = new ArrayList<>(ids.size());
    Set<String> found = new HashSet<>();
    List<String> termsCut = new ArrayList<>();
    for (DatasetRows r : rows) {
      found.add(r.id());
      IndexAction action = builder.build(r);
      if (action instanceof IndexAction.Upsert u && u.termsCut()) {
        termsCut.add(u.document().get("name") instanceof String n ? n : r.id());
      }
      actions.add(action);
    }
    int vanished = 0;
    for (String id : new java.util.LinkedHashSet<>(ids)) {
      if (!found.contains(id)) {
        actions.add(new IndexAction.Delete(id));
        vanished++;
      }
    }
    SolrIndexWriter.BatchResult result = writer.write(actions);
    return new Outcome(
        result.added(),
        result.deleted(),
        vanished,
        (System.nanoTime() - start) / 1_000_000,
        List.copyOf(termsCut));
  }

  /**
   * One batch's result.
   *
   * @param indexed documents added or replaced
   * @param deleted documents removed (deleted or vanished datasets)
   * @param vanished ids of the batch no longer in the database
   * @param millis time taken for reading, building and writing
   * @param termsCut names of the datasets whose documents had a value cut to Solr's term limit
   */
  public record Outcome(
      int indexed, int deleted, int vanished, long millis, List<String> termsCut) {}
}
