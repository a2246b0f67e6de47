package org.ckanmigrate.schema;

/** Why the schema phase stopped. Stable codes, carried in phase-failed. */
public enum SchemaFailure {
  /** The target lacks CKAN's core tables or its migration ledger; the missing ones are named. */
  NOT_A_CKAN_DATABASE,
  /** A data-model script failed and was rolled back; names the script, statement and SQLSTATE. */
  MIGRATION_FAILED,
  /** A script already applied to the target was edited (or removed) since; nothing ran. */
  MIGRATION_CHECKSUM_MISMATCH,
  /** CKAN's upgrade command failed, timed out or could not start; carries an output excerpt. */
  CKAN_UPGRADE_FAILED,
  /** After CKAN's upgrade the schema version is not the expected head. */
  CKAN_VERSION_UNEXPECTED,
  /** An active harvest source has no active harvest dataset after the second upgrade pass. */
  HARVEST_MIGRATION_INCOMPLETE
}
