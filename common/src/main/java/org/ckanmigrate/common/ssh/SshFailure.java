package org.ckanmigrate.common.ssh;

import java.io.IOException;

/**
 * An SSH connection was refused or could not be made, for a reason the operator can act on. The
 * message names the host and what to do; it never holds a secret. An {@link IOException}, so it
 * passes through I/O signatures; each service maps {@link #reason()} to its own error codes.
 */
public final class SshFailure extends IOException {

  /** Why the connection failed. */
  public enum Reason {
    /** A host (target or jump) is not in its known_hosts file; refused before authentication. */
    HOST_KEY_UNKNOWN,
    /** A host offered a key other than the one in known_hosts; refused before authentication. */
    HOST_KEY_MISMATCH,
    /** Public-key authentication was refused, or the private key file cannot be read. */
    AUTH_FAILED,
    /** A host could not be reached, or did not answer in time. */
    CONNECT_TIMEOUT,
    /** A host name, port or user name is not acceptable. */
    INVALID_IDENTIFIER
  }

  private final Reason reason;

  public SshFailure(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public SshFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
