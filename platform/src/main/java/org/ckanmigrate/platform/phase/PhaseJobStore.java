package org.ckanmigrate.platform.phase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service's job table, inbox and outbox in its state database (schema {@code
 * ckan_migrate_state}, migrated by Flyway). Every state change is a compare-and-set on the job row,
 * so a worker that lost its lease cannot overwrite the outcome.
 */
public class PhaseJobStore {

  private final JdbcClient jdbc;

  public PhaseJobStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the event as processed by {@code consumer}; false if it already was. */
  boolean recordInbox(String consumer, String eventId, String eventType, String runId) {
    return jdbc.sql(
                """
                INSERT INTO ckan_migrate_state.inbox (consumer, event_id, event_type, run_id)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
            .params(consumer, eventId, eventType, runId)
            .update()
        == 1;
  }

  /** Whether {@code consumer} has recorded event {@code eventId} (without recording it). */
  boolean inboxHas(String consumer, String eventId) {
    return jdbc.sql(
                "SELECT count(*) FROM ckan_migrate_state.inbox WHERE consumer = ? AND event_id = ?")
            .params(consumer, eventId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Records the run's spec the first time the run is requested; false if it already was. */
  boolean recordRunSpec(String runId, String correlationId, String specJson, String startPhase) {
    return jdbc.sql(
                """
                INSERT INTO ckan_migrate_state.run_spec (run_id, correlation_id, spec, start_phase)
                VALUES (?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING
                """)
            .params(runId, correlationId, specJson, startPhase)
            .update()
        == 1;
  }

  Optional<String> runSpec(String runId) {
    return jdbc.sql("SELECT spec FROM ckan_migrate_state.run_spec WHERE run_id = ?")
        .param(runId)
        .query(String.class)
        .optional();
  }

  Optional<String> triggerEvent(String runId, String phase) {
    return jdbc.sql(
            "SELECT trigger_event FROM ckan_migrate_state.phase_job WHERE run_id = ? AND phase = ?")
        .params(runId, phase)
        .query(String.class)
        .optional();
  }

  /** The job row, locked for the rest of the transaction. */
  Optional<JobView> lockJob(String runId, String phase) {
    return jdbc.sql(SELECT_JOB + " WHERE run_id = ? AND phase = ? FOR UPDATE")
        .params(runId, phase)
        .query(PhaseJobStore::view)
        .optional();
  }

  public Optional<JobView> job(String runId, String phase) {
    return jdbc.sql(SELECT_JOB + " WHERE run_id = ? AND phase = ?")
        .params(runId, phase)
        .query(PhaseJobStore::view)
        .optional();
  }

  /** Every job of a run, oldest first. */
  public List<JobView> jobs(String runId) {
    return jdbc.sql(SELECT_JOB + " WHERE run_id = ? ORDER BY requested_at")
        .param(runId)
        .query(PhaseJobStore::view)
        .list();
  }

  /** The most recent jobs, newest first. */
  public List<JobView> recentJobs(int limit) {
    return jdbc.sql(SELECT_JOB + " ORDER BY updated_at DESC LIMIT ?")
        .param(limit)
        .query(PhaseJobStore::view)
        .list();
  }

  void insertRequested(String runId, String phase, String triggerJson) {
    jdbc.sql(
            """
            INSERT INTO ckan_migrate_state.phase_job (run_id, phase, status, trigger_event)
            VALUES (?, ?, 'REQUESTED', ?)
            """)
        .params(runId, phase, triggerJson)
        .update();
  }

  /**
   * A failed job asked for again (a resume): same row, next attempt, and the trigger it had, so the
   * phase gets the inputs it started with.
   */
  void rerequest(String runId, String phase) {
    jdbc.sql(
            """
            UPDATE ckan_migrate_state.phase_job
               SET status = 'REQUESTED', owner = NULL, lease_until = NULL,
                   error_code = NULL, error_message = NULL, requested_at = now(), updated_at = now()
             WHERE run_id = ? AND phase = ? AND status = 'FAILED'
            """)
        .params(runId, phase)
        .update();
  }

  /** Takes a REQUESTED job; empty if another worker was first. */
  Optional<Claim> claim(String runId, String phase, String owner, Duration lease) {
    return jdbc.sql(
            """
            UPDATE ckan_migrate_state.phase_job
               SET status = 'RUNNING', owner = ?, attempt = attempt + 1,
                   lease_until = now() + make_interval(secs => ?), heartbeat_at = now(),
                   started_at = now(), finished_at = NULL,
                   progress_done = NULL, progress_total = NULL, progress_unit = NULL,
                   updated_at = now()
             WHERE run_id = ? AND phase = ? AND status = 'REQUESTED'
            RETURNING attempt, trigger_event
            """)
        .params(owner, seconds(lease), runId, phase)
        .query((rs, n) -> new Claim(rs.getInt(1), rs.getString(2)))
        .optional();
  }

  /** Renews the lease; false when this worker no longer owns the job. */
  boolean heartbeat(
      String runId,
      String phase,
      String owner,
      int attempt,
      Duration lease,
      Long done,
      Long total,
      String unit) {
    return jdbc.sql(
                """
                UPDATE ckan_migrate_state.phase_job
                   SET lease_until = now() + make_interval(secs => ?), heartbeat_at = now(),
                       progress_done = coalesce(?, progress_done),
                       progress_total = coalesce(?, progress_total),
                       progress_unit = coalesce(?, progress_unit), updated_at = now()
                 WHERE run_id = ? AND phase = ? AND owner = ? AND attempt = ?
                   AND status = 'RUNNING'
                """)
            .params(seconds(lease), done, total, unit, runId, phase, owner, attempt)
            .update()
        == 1;
  }

  /**
   * Renews the lease only if this worker still owns the job and its lease has not run out: the
   * check a worker makes right before an irreversible step. An expired lease may already be taken
   * by another instance's recovery, so it counts as lost.
   */
  boolean confirmLease(String runId, String phase, String owner, int attempt, Duration lease) {
    return jdbc.sql(
                """
                UPDATE ckan_migrate_state.phase_job
                   SET lease_until = now() + make_interval(secs => ?), heartbeat_at = now(),
                       updated_at = now()
                 WHERE run_id = ? AND phase = ? AND owner = ? AND attempt = ?
                   AND status = 'RUNNING' AND lease_until > now()
                """)
            .params(seconds(lease), runId, phase, owner, attempt)
            .update()
        == 1;
  }

  /** Records success if this worker still owns the job. */
  boolean succeed(String runId, String phase, String owner, int attempt, String completionJson) {
    return jdbc.sql(
                """
                UPDATE ckan_migrate_state.phase_job
                   SET status = 'SUCCEEDED', completion_event = ?, finished_at = now(),
                       lease_until = NULL, updated_at = now()
                 WHERE run_id = ? AND phase = ? AND owner = ? AND attempt = ?
                   AND status = 'RUNNING'
                """)
            .params(completionJson, runId, phase, owner, attempt)
            .update()
        == 1;
  }

  /** Records failure if this worker still owns the job. */
  boolean fail(
      String runId,
      String phase,
      String owner,
      int attempt,
      String code,
      String message,
      String failureJson) {
    return jdbc.sql(
                """
                UPDATE ckan_migrate_state.phase_job
                   SET status = 'FAILED', error_code = ?, error_message = ?,
                       completion_event = ?, finished_at = now(), lease_until = NULL,
                       updated_at = now()
                 WHERE run_id = ? AND phase = ? AND owner = ? AND attempt = ?
                   AND status = 'RUNNING'
                """)
            .params(code, message, failureJson, runId, phase, owner, attempt)
            .update()
        == 1;
  }

  /** RUNNING jobs of a phase whose lease has expired: their worker is gone. */
  List<JobView> expired(String phase) {
    return jdbc.sql(SELECT_JOB + " WHERE phase = ? AND status = 'RUNNING' AND lease_until < now()")
        .param(phase)
        .query(PhaseJobStore::view)
        .list();
  }

  /** REQUESTED jobs of a phase (accepted, not yet claimed). */
  List<JobView> requested(String phase) {
    return jdbc.sql(SELECT_JOB + " WHERE phase = ? AND status = 'REQUESTED'")
        .param(phase)
        .query(PhaseJobStore::view)
        .list();
  }

  /** Hands an abandoned job back for another worker, if its lease is still expired. */
  boolean releaseExpired(String runId, String phase, int attempt) {
    return jdbc.sql(
                """
                UPDATE ckan_migrate_state.phase_job
                   SET status = 'REQUESTED', owner = NULL, lease_until = NULL, updated_at = now()
                 WHERE run_id = ? AND phase = ? AND attempt = ? AND status = 'RUNNING'
                   AND lease_until < now()
                """)
            .params(runId, phase, attempt)
            .update()
        == 1;
  }

  /** Fails an abandoned job, if its lease is still expired. */
  boolean failExpired(String runId, String phase, int attempt, String message, String failureJson) {
    return jdbc.sql(
                """
                UPDATE ckan_migrate_state.phase_job
                   SET status = 'FAILED', error_code = 'INTERRUPTED', error_message = ?,
                       completion_event = ?, finished_at = now(), lease_until = NULL,
                       updated_at = now()
                 WHERE run_id = ? AND phase = ? AND attempt = ? AND status = 'RUNNING'
                   AND lease_until < now()
                """)
            .params(message, failureJson, runId, phase, attempt)
            .update()
        == 1;
  }

  void enqueueOutbox(String topic, String key, String eventId, String eventJson) {
    jdbc.sql(
            """
            INSERT INTO ckan_migrate_state.outbox (topic, message_key, event_id, event)
            VALUES (?, ?, ?, ?)
            """)
        .params(topic, key, eventId, eventJson)
        .update();
  }

  /** Unsent events, locked so that another instance's relay skips them. */
  List<OutboxRow> lockUnsent(int limit) {
    return jdbc.sql(
            """
            SELECT id, topic, message_key, event FROM ckan_migrate_state.outbox
             WHERE sent_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
            """)
        .param(limit)
        .query(
            (rs, n) ->
                new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }

  void markSent(long id) {
    jdbc.sql("UPDATE ckan_migrate_state.outbox SET sent_at = now() WHERE id = ?")
        .param(id)
        .update();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static final String SELECT_JOB =
      """
      SELECT run_id, phase, status, attempt, owner, lease_until, error_code, error_message,
             progress_done, progress_total, progress_unit, requested_at, started_at, finished_at,
             completion_event
        FROM ckan_migrate_state.phase_job""";

  private static JobView view(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new JobView(
        rs.getString("run_id"),
        rs.getString("phase"),
        JobStatus.valueOf(rs.getString("status")),
        rs.getInt("attempt"),
        rs.getString("owner"),
        instant(rs, "lease_until"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        (Long) rs.getObject("progress_done"),
        (Long) rs.getObject("progress_total"),
        rs.getString("progress_unit"),
        instant(rs, "requested_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("completion_event"));
  }

  private static Instant instant(java.sql.ResultSet rs, String column)
      throws java.sql.SQLException {
    var ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  record Claim(int attempt, String triggerJson) {}

  record OutboxRow(long id, String topic, String key, String eventJson) {}
}
