package org.ckanmigrate.schema.preflight;

/** Which ledger CKAN keeps its schema version in. */
public enum SchemaEra {
  /** sqlalchemy-migrate's {@code migrate_version} table, CKAN up to 2.8. */
  SQLALCHEMY_MIGRATE,
  /** alembic's {@code alembic_version} table, CKAN 2.9 and later. */
  ALEMBIC
}
