package org.ckanmigrate.schema.migration;

import java.util.Map;

/**
 * One data-model script and its effect.
 *
 * @param version the script's Flyway version
 * @param description its description (from the file name)
 * @param script the file name
 * @param status what happened to it in this run
 * @param rowsChanged rows inserted, updated or deleted in CKAN's tables (cascades included); -1
 *     when not known (a script applied by an earlier run records its count in {@code
 *     ckan_migrate.step_rows})
 * @param rowsByTable the same by table, only tables with changes
 */
public record StepResult(
    String version,
    String description,
    String script,
    Status status,
    long rowsChanged,
    Map<String, Long> rowsByTable) {

  /** What happened to a script. */
  public enum Status {
    /** Applied by this run, committed. */
    APPLIED,
    /** Applied earlier (found in the history table, checksum valid); skipped. */
    ALREADY_APPLIED,
    /** Dry run: executed and rolled back. */
    WOULD_APPLY
  }
}
