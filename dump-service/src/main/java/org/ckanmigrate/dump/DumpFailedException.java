package org.ckanmigrate.dump;

/**
 * A dump failed for a reason the operator can act on. The message names what was wrong and what to
 * do; it never contains a secret (remote stderr is scrubbed before it gets here).
 */
public class DumpFailedException extends Exception {

  private final DumpErrorCode code;

  public DumpFailedException(DumpErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public DumpFailedException(DumpErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public DumpErrorCode code() {
    return code;
  }
}
