package org.ckanmigrate.platform.kafka;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells an infrastructure outage (the service's state database unreachable) from a failure of the
 * record itself. An outage is waited out: the record is valid and will be accepted once the
 * database is back, so it must not be dead-lettered after a few seconds.
 */
public final class Outages {

  private Outages() {}

  /** Whether {@code e}, or anything that caused it, says the database could not be reached. */
  public static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      // PgJDBC: class 08 (connection exception), 57P01-03 (server shutting down, cannot connect
      // now), 53300 (too many connections).
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true;
        }
      }
    }
    return false;
  }
}
