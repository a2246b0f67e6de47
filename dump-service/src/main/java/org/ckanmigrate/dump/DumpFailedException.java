package org.ckanmigrate.dump;

import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.platform.phase.PhaseFailureException;

/**
 * A dump failed for a reason the operator can act on. The message names what was wrong and what to
 * do; it never contains a secret (remote stderr is scrubbed before it gets here). A phase failure,
 * so the phase runner records {@link #code()} as it is.
 */
public class DumpFailedException extends PhaseFailureException {

  public DumpFailedException(ErrorCode code, String message) {
    super(code, message);
  }

  public DumpFailedException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
