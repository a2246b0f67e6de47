package org.ckanmigrate.common.event;

import java.util.List;

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
 */
public record SchemaMigrated(
    String versionBefore,
    String versionAfter,
    List<AppliedScript> scripts,
    List<Sysadmin> sysadmins,
    List<String> repromoted,
    long harvestSources,
    long harvestPackages) {

  /** One applied migration script. */
  public record AppliedScript(String version, String description, long rowsChanged) {}

  /** A sysadmin as recorded before the migration. */
  public record Sysadmin(String id, String name, String email, String fullname) {}
}
