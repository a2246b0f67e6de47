package org.ckanmigrate.contract.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a phase failed or a request was refused: the one list of codes every service raises, the
 * events carry (by name, {@link PhaseFailed#code()}), the README documents and the CLI turns into
 * its exit code. Each code knows its {@link Category} (the exit code) and whether resuming the same
 * run can help.
 */
public enum ErrorCode {
  // Source side: SSH and pg_dump (also what an SSH connection reports, see SshFailure).
  /** A host (source, jump or CKAN host) is not in its known_hosts file; refused before login. */
  HOST_KEY_UNKNOWN(Category.SOURCE, true),
  /** A host offered a key other than the one in known_hosts; refused before authentication. */
  HOST_KEY_MISMATCH(Category.SOURCE, true),
  /** Public-key authentication was refused, or the private key file cannot be read. */
  AUTH_FAILED(Category.SOURCE, true),
  /** A host could not be reached, or did not answer in time. */
  CONNECT_TIMEOUT(Category.SOURCE, true),
  /** pg_dump on the source exited non-zero or was killed; the message has its stderr excerpt. */
  REMOTE_COMMAND_FAILED(Category.SOURCE, true),
  /** The artifact directory ran out of space. */
  NO_SPACE(Category.SOURCE, true),
  /** The artifact could not be written, moved or copied to where the loader reads it. */
  TRANSFER_FAILED(Category.SOURCE, true),

  // Refused: the input is not acceptable as it is.
  /** A user-supplied token (database, role, option, path, host, run id) is not acceptable. */
  INVALID_IDENTIFIER(Category.REFUSED, false),
  /**
   * A path the run names (the dump's artifact directory, the artifact or manifest an event names)
   * is outside the service's artifact roots, has {@code ..}, or is a symlink leading out.
   */
  INVALID_ARTIFACT_PATH(Category.REFUSED, true),
  /** The dump holds something this loader does not load (several databases, a foreign encoding). */
  UNSUPPORTED_DUMP(Category.REFUSED, false),
  /** A psql meta-command other than those pg_dump emits. */
  UNKNOWN_META_COMMAND(Category.REFUSED, false),
  /** The target database exists and holds objects, and the run spec does not allow replacing it. */
  TARGET_NOT_EMPTY(Category.REFUSED, true),
  /** The target database is the dump's source database (same server and database name). */
  TARGET_IS_SOURCE(Category.REFUSED, false),
  /**
   * The dump lacks CKAN's core tables (named) and would have replaced an existing target; nothing
   * was replaced.
   */
  NOT_A_CKAN_DUMP(Category.REFUSED, true),
  /**
   * The dump creates an extension (PostGIS, a contrib module...) the target server does not have.
   */
  EXTENSION_UNAVAILABLE(Category.REFUSED, true),
  /** The target lacks CKAN's core tables or its migration ledger; the missing ones are named. */
  NOT_A_CKAN_DATABASE(Category.REFUSED, true),
  /** A data-model script already applied to the target was edited (or removed) since. */
  MIGRATION_CHECKSUM_MISMATCH(Category.REFUSED, true),
  /** The schema is not at the version expected before or after CKAN's upgrade. */
  CKAN_VERSION_UNEXPECTED(Category.REFUSED, true),
  /** The run id was used before with another run spec; nothing was started. */
  RUN_ID_CONFLICT(Category.REFUSED, false),

  // Target side: PostgreSQL and CKAN's upgrade.
  /** A statement or COPY block failed on the server. */
  SQL_FAILED(Category.TARGET, true),
  /** A data-model script failed and was rolled back; names the script, statement and SQLSTATE. */
  MIGRATION_FAILED(Category.TARGET, true),
  /** CKAN's upgrade command failed, timed out or could not start (or its host was refused). */
  CKAN_UPGRADE_FAILED(Category.TARGET, true),
  /** The target server cannot be reached or refuses what the phase needs (CREATEDB, rename). */
  TARGET_UNAVAILABLE(Category.TARGET, true),
  /** Another run is loading into the same target database; one load per target at a time. */
  TARGET_BUSY(Category.TARGET, true),
  /** The target database changed between the checks before the load and the swap. */
  TARGET_CHANGED(Category.TARGET, true),

  // Search side: Solr.
  /** Solr did not answer after bounded retries. */
  SEARCH_UNAVAILABLE(Category.SEARCH, true),
  /** Solr refused a document (dataset and field named). */
  DOCUMENT_REJECTED(Category.SEARCH, true),

  // Verification: counts, checksums, completeness.
  /** The stream ended without pg_dump's completion trailer or without an exit status. */
  DUMP_INCOMPLETE(Category.VERIFICATION, true),
  /** The artifact does not decompress or parse to its end (truncated gzip, bad CRC...). */
  ARTIFACT_CORRUPT(Category.VERIFICATION, false),
  /** The artifact is intact but pg_dump never wrote its closing "dump complete" comment. */
  ARTIFACT_INCOMPLETE(Category.VERIFICATION, false),
  /** The artifact's SHA-256 or size differs from what the dump recorded. */
  CHECKSUM_MISMATCH(Category.VERIFICATION, false),
  /** The artifact or its manifest cannot be read (missing, permissions). */
  ARTIFACT_UNREADABLE(Category.VERIFICATION, true),
  /** Rows in the loaded database differ from the COPY rows of the dump. */
  ROW_COUNT_MISMATCH(Category.VERIFICATION, true),
  /** Solr's ids differ from the database's after the index phase. */
  INDEX_INCOMPLETE(Category.VERIFICATION, true),
  /** An active harvest source has no active harvest dataset after the second upgrade pass. */
  HARVEST_MIGRATION_INCOMPLETE(Category.VERIFICATION, true),

  // Interrupted: nothing wrong with the input; resume.
  /** The worker died (or the phase was cancelled) and the phase's policy is to stop. */
  INTERRUPTED(Category.INTERRUPTED, true),
  /** The service's own state database was unreachable for longer than the outage budget. */
  STATE_DB_UNAVAILABLE(Category.INTERRUPTED, true),
  /** No reindex batch finished for the stall timeout (no worker, or a batch dead-lettered). */
  INDEX_STALLED(Category.INTERRUPTED, true),

  // Bad usage.
  /** The run spec lacks what the phase needs (named). */
  INVALID_REQUEST(Category.USAGE, false),

  /** A bug or an unexpected failure: see the service log. */
  INTERNAL_ERROR(Category.INTERNAL, true);

  /**
   * The class of a failure, as the CLI's exit code reports it: a script can tell "fix the spec"
   * from "the source host is unreachable" from "verification failed".
   */
  public enum Category {
    INTERNAL(1),
    USAGE(2),
    REFUSED(3),
    SOURCE(4),
    TARGET(5),
    SEARCH(6),
    VERIFICATION(7),
    INTERRUPTED(8);

    private final int exitCode;

    Category(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The CLI's exit code for a run that ended with a failure of this class. */
    public int exitCode() {
      return exitCode;
    }
  }

  private final Category category;
  private final boolean resumable;

  ErrorCode(Category category, boolean resumable) {
    this.category = category;
    this.resumable = resumable;
  }

  public Category category() {
    return category;
  }

  /**
   * Whether resuming the run can succeed once the cause is fixed outside the run (a host key added,
   * space freed, a server back). False when the fault is in what resume repeats: the run's spec or
   * the dump it recorded; then only a new run (with a corrected spec, or a new dump) helps.
   */
  public boolean resumable() {
    return resumable;
  }

  /** The code named {@code name} as events carry it; empty for a code this build does not know. */
  public static Optional<ErrorCode> named(String name) {
    return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
  }
}
