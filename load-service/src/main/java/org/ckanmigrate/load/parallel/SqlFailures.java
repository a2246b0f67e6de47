package org.ckanmigrate.load.parallel;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.QualifiedName;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a server error into a SQL_FAILED naming the dump line, table, SQLSTATE and message. */
final class SqlFailures {

  private static final Pattern COPY_LINE = Pattern.compile("COPY [^,]+, line (\\d+)");

  private SqlFailures() {}

  public static LoadFailedException of(SQLException e, long line, QualifiedName table) {
    String state = e.getSQLState();
    String message = e.getMessage();
    long at = line;
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
      ServerErrorMessage sem = pe.getServerErrorMessage();
      message = sem.getMessage();
      if (sem.getDetail() != null) {
        message += " (" + sem.getDetail() + ")";
      }
      if (sem.getWhere() != null) {
        Matcher m = COPY_LINE.matcher(sem.getWhere());
        if (m.find() && line > 0) {
          at = line + Long.parseLong(m.group(1)); // the row's own line in the dump
        }
      }
    }
    return new LoadFailedException(
        ErrorCode.SQL_FAILED,
        "the statement at line "
            + at
            + " of the dump"
            + (table == null ? "" : " (table " + table + ")")
            + " failed with SQLSTATE "
            + state
            + ": "
            + message,
        e,
        at,
        table == null ? null : table.toString(),
        state,
        message,
        List.of());
  }
}
