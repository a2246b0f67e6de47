package org.ckanmigrate.schema;

import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.SchemaMigrated;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.harvest.HarvestCheck;
import org.ckanmigrate.schema.migration.StepResult;
import org.ckanmigrate.schema.preflight.CkanSchemaVersion;
import org.ckanmigrate.schema.sysadmin.Repromotion;
import org.ckanmigrate.schema.sysadmin.Sysadmin;
import org.ckanmigrate.schema.upgrade.UpgradeReport;
import org.ckanmigrate.schema.vacuum.TargetVacuum;

/**
 * What the schema phase did (or, in a dry run, would do).
 *
 * @param runId the run
 * @param dryRun whether nothing was committed
 * @param versionBefore CKAN's schema version found before the first script (on resume: the one
 *     recorded by the first attempt)
 * @param versionAfter the version at the end (unchanged in a dry run or without CKAN's upgrade)
 * @param steps every data-model script, applied now, earlier, or (dry run) would be
 * @param sysadmins the sysadmins recorded before any script (dry run: the current ones)
 * @param repromotion what the allow-list re-promotion did
 * @param upgrade CKAN's upgrade passes, or null when the spec has no ini
 * @param harvest the harvest-source check after pass 2, or null when the upgrade did not run
 * @param harvestChoice what {@code schema.harvest-sources} chose (never null)
 * @param harvestDropped with {@code DROP}: rows removed per harvest table (dry run: would be)
 * @param notes one sentence each on outcomes that are not failures but need a look
 * @param vacuum the closing {@code VACUUM (ANALYZE)} of the target, or null in a dry run
 */
public record SchemaResult(
    String runId,
    boolean dryRun,
    CkanSchemaVersion versionBefore,
    CkanSchemaVersion versionAfter,
    List<StepResult> steps,
    List<Sysadmin> sysadmins,
    Repromotion repromotion,
    UpgradeReport upgrade,
    HarvestCheck harvest,
    SchemaSpec.HarvestSources harvestChoice,
    Map<String, Long> harvestDropped,
    List<String> notes,
    TargetVacuum.Report vacuum) {

  public SchemaResult {
    harvestChoice = harvestChoice == null ? SchemaSpec.HarvestSources.MIGRATE : harvestChoice;
    harvestDropped = harvestDropped == null ? Map.of() : Map.copyOf(harvestDropped);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * The schema-migrated event's payload: scripts this run or an earlier attempt of it applied (with
   * their recorded row counts), the sysadmins recorded, those re-promoted, and the harvest counts
   * (0 when CKAN's upgrade did not run).
   */
  public SchemaMigrated toSchemaMigrated() {
    return new SchemaMigrated(
        versionBefore == null ? null : versionBefore.version(),
        versionAfter == null ? null : versionAfter.version(),
        steps.stream()
            .filter(s -> s.status() != StepResult.Status.WOULD_APPLY)
            .map(
                s ->
                    new SchemaMigrated.AppliedScript(s.version(), s.description(), s.rowsChanged()))
            .toList(),
        sysadmins.stream()
            .map(a -> new SchemaMigrated.Sysadmin(a.id(), a.name(), a.email(), a.fullname()))
            .toList(),
        repromotion == null ? List.of() : repromotion.promoted(),
        harvest == null ? 0 : harvest.activeSources(),
        harvest == null ? 0 : harvest.activeHarvestPackages(),
        harvestChoice.name(),
        harvestDropped,
        notes,
        vacuum == null
            ? null
            : new SchemaMigrated.Vacuum(
                vacuum.tables(), vacuum.skipped().size(), vacuum.millis() / 1000.0));
  }
}
