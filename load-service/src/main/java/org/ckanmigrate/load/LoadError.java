package org.ckanmigrate.load;

/**
 * Why a load failed. Stable codes: they travel in phase-failed events and drive operator action.
 */
public enum LoadError {
  /**
   * The artifact does not decompress or parse to its end (truncated gzip, bad CRC, unended COPY).
   */
  ARTIFACT_CORRUPT,
  /** The artifact is intact but pg_dump never wrote its closing "dump complete" comment. */
  ARTIFACT_INCOMPLETE,
  /** The artifact's SHA-256 or size differs from what the dump recorded. */
  CHECKSUM_MISMATCH,
  /** The artifact or its manifest cannot be read. */
  ARTIFACT_UNREADABLE,
  /** The dump holds something this loader does not load (several databases, a foreign encoding). */
  UNSUPPORTED_DUMP,
  /** A psql meta-command other than those pg_dump emits. */
  UNKNOWN_META_COMMAND,
  /** The target database exists and holds objects, and the run spec does not allow replacing it. */
  TARGET_NOT_EMPTY,
  /** The target database is the dump's source database (same server and database name). */
  TARGET_IS_SOURCE,
  /** The target server cannot be reached or refuses what the loader needs (CREATEDB, rename). */
  TARGET_UNAVAILABLE,
  /** The run spec is invalid (bad database name, missing secret). */
  INVALID_REQUEST,
  /** A statement or COPY block failed on the server. */
  SQL_FAILED,
  /** Rows in the loaded database differ from the COPY rows of the dump. */
  ROW_COUNT_MISMATCH,
  /** The load was interrupted; the staging database was dropped or will be on the next run. */
  INTERRUPTED,
  /** Another run is loading into the same target database; one load per target at a time. */
  TARGET_BUSY,
  /**
   * The target database changed between the checks before the load and the swap (created, dropped,
   * replaced or written to by someone else); nothing was replaced.
   */
  TARGET_CHANGED,
  /**
   * The dump creates an extension (PostGIS for ckanext-spatial, a contrib module...) that the
   * target server does not have; nothing was created.
   */
  EXTENSION_UNAVAILABLE,
  /**
   * The event names a dump or manifest outside the load's artifact roots (or with {@code ..}, or
   * through a symlink leading out); nothing was opened.
   */
  INVALID_ARTIFACT_PATH
}
