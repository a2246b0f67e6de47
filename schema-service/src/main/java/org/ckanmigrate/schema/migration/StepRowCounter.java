package org.ckanmigrate.schema.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ckanmigrate.schema.OwnSchema;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Runs inside each script's transaction: first puts CKAN's search path back (Flyway puts its own
 * schema first, where a script's CREATE would otherwise land), then, after the script, counts the
 * rows it changed and writes them to {@code ckan_migrate.step_rows} in the same transaction, so a
 * step's count is committed exactly when the step is.
 */
final class StepRowCounter implements Callback {

  private final String runId;
  private final String searchPath;
  private final Map<String, Map<String, Long>> before = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> applied = new ConcurrentHashMap<>();

  StepRowCounter(String runId, String searchPath) {
    this.runId = runId;
    this.searchPath = searchPath;
  }

  /** Rows changed by table, for each version applied by this run. */
  Map<String, Map<String, Long>> applied() {
    return applied;
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    count(event, context);
    if (event == Event.AFTER_EACH_MIGRATE) {
      afterEach.accept(++scriptsDone);
    }
  }

  /** Called with the number of scripts applied so far, after each one. */
  void afterEach(java.util.function.IntConsumer listener) {
    this.afterEach = listener;
  }

  private java.util.function.IntConsumer afterEach = done -> {};
  private int scriptsDone;

  private void count(Event event, Context context) {
    MigrationInfo info = context.getMigrationInfo();
    if (info == null || info.getVersion() == null) {
      return;
    }
    String version = info.getVersion().getVersion();
    Connection c = context.getConnection();
    try {
      if (event == Event.BEFORE_EACH_MIGRATE) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
          ps.setString(1, searchPath);
          ps.execute();
        }
        before.put(version, RowCounts.snapshot(c));
      } else {
        Map<String, Long> byTable =
            RowCounts.diff(before.getOrDefault(version, Map.of()), RowCounts.snapshot(c));
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + OwnSchema.NAME
                    + ".step_rows (run_id, version, script, rows_changed, rows_by_table)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, version) DO UPDATE SET"
                    + " rows_changed = excluded.rows_changed,"
                    + " rows_by_table = excluded.rows_by_table, applied_at = now()")) {
          ps.setString(1, runId);
          ps.setString(2, version);
          ps.setString(3, info.getScript());
          ps.setLong(4, RowCounts.total(byTable));
          ps.setString(5, encode(byTable));
          ps.executeUpdate();
        }
        applied.put(version, byTable);
      }
    } catch (SQLException e) {
      throw new FlywayException("Could not count the rows changed by " + info.getScript(), e);
    }
  }

  @Override
  public String getCallbackName() {
    return "ckan-migrate-step-rows";
  }

  static String encode(Map<String, Long> byTable) {
    StringBuilder sb = new StringBuilder();
    byTable.forEach((t, n) -> sb.append(sb.isEmpty() ? "" : ",").append(t).append('=').append(n));
    return sb.toString();
  }
}
