package org.ckanmigrate.cli;

import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.ErrorCode.Category;

/**
 * Exit codes scripts can rely on: one per class of failure ({@link ErrorCode.Category}), so a
 * wrapper can tell "fix the spec" from "the source host is unreachable" from "verification failed".
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int INTERNAL = Category.INTERNAL.exitCode();
  public static final int USAGE = Category.USAGE.exitCode();
  public static final int REFUSED = Category.REFUSED.exitCode();
  public static final int SOURCE = Category.SOURCE.exitCode();
  public static final int TARGET = Category.TARGET.exitCode();
  public static final int SEARCH = Category.SEARCH.exitCode();
  public static final int VERIFICATION = Category.VERIFICATION.exitCode();
  public static final int INTERRUPTED = Category.INTERRUPTED.exitCode();
  public static final int TIMEOUT = 9;

  /** The run named is on neither Kafka nor a state database given (a script's typo or a purge). */
  public static final int NO_SUCH_RUN = 10;

  private ExitCodes() {}

  /**
   * The exit code for an error code as an event carries it; a code this build does not know (a
   * newer service sent it) is an internal error.
   */
  public static int forErrorCode(String code) {
    return ErrorCode.named(code).map(c -> c.category().exitCode()).orElse(INTERNAL);
  }
}
