package org.ckanmigrate.dump;

import org.ckanmigrate.common.phase.PhaseFailureException;

/**
 * A dump failed for a reason the operator can act on. The message names what was wrong and what to
 * do; it never contains a secret (remote stderr is scrubbed before it gets here). A phase failure,
 * so the phase runner records {@link #code()} (the enum's name) as it is.
 */
public class DumpFailedException extends PhaseFailureException {

  private final DumpErrorCode errorCode;

  public DumpFailedException(DumpErrorCode errorCode, String message) {
    super(errorCode.name(), message);
    this.errorCode = errorCode;
  }

  public DumpFailedException(DumpErrorCode errorCode, String message, Throwable cause) {
    super(errorCode.name(), message, cause);
    this.errorCode = errorCode;
  }

  public DumpErrorCode errorCode() {
    return errorCode;
  }
}
