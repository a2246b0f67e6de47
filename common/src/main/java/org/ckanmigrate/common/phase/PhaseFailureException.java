package org.ckanmigrate.common.phase;

/**
 * A phase failed for a reason the operator can act on. The code is stable (documented in the
 * README); the message names what was wrong and what to do, and must not contain secrets.
 */
public class PhaseFailureException extends Exception {

  private final String code;

  public PhaseFailureException(String code, String message) {
    super(message);
    this.code = code;
  }

  public PhaseFailureException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
