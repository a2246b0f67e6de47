package org.ckanmigrate.dump;

/** Why a dump failed; stable codes carried by phase-failed events and documented in the README. */
public enum DumpErrorCode {
  /** A host (source or jump) is not in its known_hosts file; refused before authentication. */
  HOST_KEY_UNKNOWN,
  /** A host offered a key other than the one in known_hosts; refused before authentication. */
  HOST_KEY_MISMATCH,
  /** Public-key authentication was refused, or the private key file cannot be read. */
  AUTH_FAILED,
  /** A host could not be reached, or did not answer in time. */
  CONNECT_TIMEOUT,
  /** A user-supplied token (database, option, path, run id) is not acceptable. */
  INVALID_IDENTIFIER,
  /** pg_dump on the source exited non-zero or was killed; the message has its stderr excerpt. */
  REMOTE_COMMAND_FAILED,
  /** The stream ended without pg_dump's completion trailer or without an exit status. */
  DUMP_INCOMPLETE,
  /** The artifact directory ran out of space. */
  NO_SPACE,
  /** The artifact could not be written, moved or copied to where the loader reads it. */
  TRANSFER_FAILED,
  /**
   * The run spec's artifact directory is outside the dump's artifact roots (or has {@code ..}, or a
   * symlink leading out); nothing was written.
   */
  INVALID_ARTIFACT_PATH
}
