package org.ckanmigrate.schema.preflight;

/**
 * A CKAN database's schema version.
 *
 * @param era the ledger it was read from
 * @param version the {@code migrate_version} number or the alembic revision
 */
public record CkanSchemaVersion(SchemaEra era, String version) {

  /** The version as a number for the sqlalchemy-migrate era, or -1. */
  public int number() {
    if (era != SchemaEra.SQLALCHEMY_MIGRATE) {
      return -1;
    }
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return (era == SchemaEra.ALEMBIC ? "alembic " : "migrate_version ") + version;
  }
}
