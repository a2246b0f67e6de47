package org.ckanmigrate.load;

import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * A load that did not complete. The target database is as it was before the load: the loader only
 * ever writes into a staging database that it drops on failure.
 *
 * <p>For {@link ErrorCode#SQL_FAILED} the dump line, table, SQLSTATE and server message are set;
 * for {@link ErrorCode#ROW_COUNT_MISMATCH} the tables that differ are named.
 */
public class LoadFailedException extends RuntimeException {

  private final ErrorCode code;
  private final String reason;
  private final long line;
  private final String table;
  private final String sqlState;
  private final String serverMessage;
  private final List<String> tables;

  public LoadFailedException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public LoadFailedException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, -1, null, null, null, List.of());
  }

  public LoadFailedException(
      ErrorCode code,
      String message,
      Throwable cause,
      long line,
      String table,
      String sqlState,
      String serverMessage,
      List<String> tables) {
    super(code + ": " + message, cause);
    this.code = code;
    this.reason = message;
    this.line = line;
    this.table = table;
    this.sqlState = sqlState;
    this.serverMessage = serverMessage;
    this.tables = List.copyOf(tables);
  }

  public ErrorCode code() {
    return code;
  }

  /**
   * What went wrong and what to do, without the code: where the code travels beside it (a
   * phase-failed event, the summary), so it is shown once.
   */
  public String reason() {
    return reason;
  }

  /** 1-based line of the failing statement in the (decompressed) dump, or -1. */
  public long line() {
    return line;
  }

  /** The table the failing statement concerns, or null. */
  public String table() {
    return table;
  }

  public String sqlState() {
    return sqlState;
  }

  public String serverMessage() {
    return serverMessage;
  }

  /** Tables named by the failure (row-count mismatches). */
  public List<String> tables() {
    return tables;
  }
}
