package org.ckanmigrate.index.phase;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.ckanmigrate.contract.event.ErrorCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reindex plans and their batches in the service's state database, shared by all instances. */
@Component
class IndexPlanStore {

  private final JdbcClient jdbc;

  IndexPlanStore(DataSource stateDataSource) {
    this.jdbc = JdbcClient.create(stateDataSource);
  }

  record Plan(String runId, String targetJson, String indexJson, int batches, int datasets) {}

  record Progress(int done, int failed, int datasetsDone, int indexed, int deleted) {}

  record Failure(int batch, ErrorCode code, String message) {}

  Optional<Plan> plan(String runId) {
    return jdbc.sql(
            "SELECT run_id, target, index_spec, batches, datasets FROM"
                + " ckan_migrate_state.index_plan WHERE run_id = ?")
        .param(runId)
        .query(
            (rs, n) ->
                new Plan(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)))
        .optional();
  }

  /** Records a plan and its batches; false if the run already had one (it is never re-planned). */
  boolean create(Plan plan, List<List<String>> batches) {
    int inserted =
        jdbc.sql(
                "INSERT INTO ckan_migrate_state.index_plan (run_id, target, index_spec, batches,"
                    + " datasets) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
            .params(
                plan.runId(), plan.targetJson(), plan.indexJson(), plan.batches(), plan.datasets())
            .update();
    if (inserted == 0) {
      return false;
    }
    for (int b = 0; b < batches.size(); b++) {
      jdbc.sql(
              "INSERT INTO ckan_migrate_state.index_batch (run_id, batch, datasets, ids, status)"
                  + " VALUES (?, ?, ?, ?, 'PLANNED')")
          .params(plan.runId(), b, batches.get(b).size(), batches.get(b).toArray(String[]::new))
          .update();
    }
    return true;
  }

  record OpenBatch(int batch, List<String> ids) {}

  /** Batches not recorded DONE, for (re)publishing; failed ones become PLANNED again. */
  List<OpenBatch> openBatches(String runId) {
    jdbc.sql(
            "UPDATE ckan_migrate_state.index_batch SET status = 'PLANNED', error_code = NULL,"
                + " error_message = NULL, updated_at = now() WHERE run_id = ? AND status = 'FAILED'")
        .param(runId)
        .update();
    return jdbc.sql(
            "SELECT batch, ids FROM ckan_migrate_state.index_batch WHERE run_id = ?"
                + " AND status <> 'DONE' ORDER BY batch")
        .param(runId)
        .query(
            (rs, n) -> new OpenBatch(rs.getInt(1), List.of((String[]) rs.getArray(2).getArray())))
        .list();
  }

  boolean isDone(String runId, int batch) {
    return jdbc.sql(
                "SELECT count(*) FROM ckan_migrate_state.index_batch WHERE run_id = ? AND batch = ?"
                    + " AND status = 'DONE'")
            .params(runId, batch)
            .query(Integer.class)
            .single()
        > 0;
  }

  void done(String runId, int batch, int indexed, int deleted, long millis, List<String> termsCut) {
    jdbc.sql(
            "UPDATE ckan_migrate_state.index_batch SET status = 'DONE', indexed = ?, deleted = ?,"
                + " millis = ?, terms_cut = ?, error_code = NULL, error_message = NULL,"
                + " updated_at = now() WHERE run_id = ? AND batch = ?")
        .params(indexed, deleted, millis, termsCut.toArray(String[]::new), runId, batch)
        .update();
  }

  /**
   * Datasets of the run whose documents had a value cut to Solr's term limit: how many, and the
   * first {@code examples} names in batch order.
   */
  TermsCut termsCut(String runId, int examples) {
    long count =
        jdbc.sql(
                "SELECT coalesce(sum(cardinality(terms_cut)), 0) FROM"
                    + " ckan_migrate_state.index_batch WHERE run_id = ? AND status = 'DONE'")
            .param(runId)
            .query(Long.class)
            .single();
    List<String> first =
        jdbc.sql(
                "SELECT n FROM ckan_migrate_state.index_batch b, unnest(b.terms_cut)"
                    + " WITH ORDINALITY AS t(n, i) WHERE b.run_id = ? AND b.status = 'DONE'"
                    + " ORDER BY b.batch, t.i LIMIT ?")
            .params(runId, examples)
            .query(String.class)
            .list();
    return new TermsCut(count, List.copyOf(first));
  }

  record TermsCut(long count, List<String> first) {}

  void failed(String runId, int batch, ErrorCode code, String message) {
    jdbc.sql(
            "UPDATE ckan_migrate_state.index_batch SET status = 'FAILED', error_code = ?,"
                + " error_message = ?, updated_at = now() WHERE run_id = ? AND batch = ?"
                + " AND status <> 'DONE'")
        .params(code.name(), message, runId, batch)
        .update();
  }

  Progress progress(String runId) {
    return jdbc.sql(
            "SELECT count(*) FILTER (WHERE status = 'DONE'), count(*) FILTER (WHERE status ="
                + " 'FAILED'), coalesce(sum(datasets) FILTER (WHERE status = 'DONE'), 0),"
                + " coalesce(sum(indexed), 0), coalesce(sum(deleted), 0)"
                + " FROM ckan_migrate_state.index_batch WHERE run_id = ?")
        .param(runId)
        .query(
            (rs, n) ->
                new Progress(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))
        .single();
  }

  Optional<Failure> firstFailure(String runId) {
    return jdbc.sql(
            "SELECT batch, error_code, error_message FROM ckan_migrate_state.index_batch"
                + " WHERE run_id = ? AND status = 'FAILED' ORDER BY batch LIMIT 1")
        .param(runId)
        .query(
            (rs, n) ->
                new Failure(
                    rs.getInt(1),
                    // A code this build does not know (a newer worker wrote it) fails the
                    // phase as an internal error; the message still says what happened.
                    ErrorCode.named(rs.getString(2)).orElse(ErrorCode.INTERNAL_ERROR),
                    rs.getString(3)))
        .optional();
  }

  /** Batches planned but not yet done, over every run: the remaining-batches gauge. */
  long remaining() {
    return jdbc.sql("SELECT count(*) FROM ckan_migrate_state.index_batch WHERE status <> 'DONE'")
        .query(Long.class)
        .single();
  }

  /** The seconds since a run was planned, for its rate. */
  double secondsSincePlanned(String runId) {
    return jdbc.sql(
            "SELECT extract(epoch FROM now() - planned_at) FROM ckan_migrate_state.index_plan"
                + " WHERE run_id = ?")
        .param(runId)
        .query(Double.class)
        .single();
  }
}
