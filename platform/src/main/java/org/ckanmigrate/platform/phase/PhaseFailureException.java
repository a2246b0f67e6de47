package org.ckanmigrate.platform.phase;

import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * A phase failed for a reason the operator can act on. The code is one of {@link ErrorCode}
 * (documented in the README); the message names what was wrong and what to do, and must not contain
 * secrets.
 */
public class PhaseFailureException extends Exception {

  private final ErrorCode code;
  private final Map<String, String> details;

  public PhaseFailureException(ErrorCode code, String message) {
    this(code, message, Map.of(), null);
  }

  public PhaseFailureException(ErrorCode code, String message, Throwable cause) {
    this(code, message, Map.of(), cause);
  }

  /**
   * @param details structured facts for the phase-failed event (see {@code PhaseFailed#details}),
   *     no secrets: values are scrubbed like the message, keys are not
   */
  public PhaseFailureException(
      ErrorCode code, String message, Map<String, String> details, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.details = details == null ? Map.of() : Map.copyOf(details);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, String> details() {
    return details;
  }
}
