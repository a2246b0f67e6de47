package org.ckanmigrate.contract.event;

import java.util.List;
import java.util.Map;

/**
 * The data-model migrations and CKAN's schema upgrade ran and were verified.
 *
 * @param versionBefore CKAN schema version found (migrate_version number or alembic revision)
 * @param versionAfter CKAN schema version after the upgrade
 * @param scripts migration scripts applied, with the rows each changed
 * @param sysadmins sysadmins recorded before any script ran
 * @param repromoted user names re-promoted to sysadmin afterwards
 * @param harvestSources active harvest sources
 * @param harvestPackages active harvest packages found for them
 * @param harvestChoice the run spec's {@code schema.harvest-sources}: {@code MIGRATE}, {@code DROP}
 *     or {@code KEEP} (events written before the choice existed read as {@code MIGRATE})
 * @param harvestDropped with {@code DROP}: rows removed per harvest table (kept in {@code
 *     ckan_migrate.harvest_ledger}); empty otherwise
 * @param notes what an operator should know about an outcome that is not a failure (a skipped
 *     check, removed rows), one sentence each
 * @param vacuum the closing {@code VACUUM (ANALYZE)} of the target's tables, or null (a dry run, or
 *     an event written before the step existed)
 */
public record SchemaMigrated(
    String versionBefore,
    String versionAfter,
    List<AppliedScript> scripts,
    List<Sysadmin> sysadmins,
    List<String> repromoted,
    long harvestSources,
    long harvestPackages,
    String harvestChoice,
    Map<String, Long> harvestDropped,
    List<String> notes,
    Vacuum vacuum) {

  public SchemaMigrated {
    harvestChoice = harvestChoice == null ? "MIGRATE" : harvestChoice;
    harvestDropped = harvestDropped == null ? Map.of() : Map.copyOf(harvestDropped);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** The event before the harvest choice: sources migrated, no notes. */
  public SchemaMigrated(
      String versionBefore,
      String versionAfter,
      List<AppliedScript> scripts,
      List<Sysadmin> sysadmins,
      List<String> repromoted,
      long harvestSources,
      long harvestPackages) {
    this(
        versionBefore,
        versionAfter,
        scripts,
        sysadmins,
        repromoted,
        harvestSources,
        harvestPackages,
        null,
        null,
        null,
        null);
  }

  /** As the canonical constructor, without the vacuum step (a dry run). */
  public SchemaMigrated(
      String versionBefore,
      String versionAfter,
      List<AppliedScript> scripts,
      List<Sysadmin> sysadmins,
      List<String> repromoted,
      long harvestSources,
      long harvestPackages,
      String harvestChoice,
      Map<String, Long> harvestDropped,
      List<String> notes) {
    this(
        versionBefore,
        versionAfter,
        scripts,
        sysadmins,
        repromoted,
        harvestSources,
        harvestPackages,
        harvestChoice,
        harvestDropped,
        notes,
        null);
  }

  /**
   * The target's tables vacuumed and analysed at the end of the phase.
   *
   * @param tables tables vacuumed and analysed
   * @param skipped tables the migration's role may not vacuum (left to autovacuum)
   * @param seconds how long the step took
   */
  public record Vacuum(int tables, int skipped, double seconds) {}

  /** One applied migration script. */
  public record AppliedScript(String version, String description, long rowsChanged) {}

  /** A sysadmin as recorded before the migration. */
  public record Sysadmin(String id, String name, String email, String fullname) {}
}
