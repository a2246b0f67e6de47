package org.ckanmigrate.load.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;

/**
 * One load per target database at a time, across every load-service instance and run: a session
 * advisory lock on the target server, keyed by the target database's name, held by a session of its
 * own from before the emptiness check until after the swap. Without it two runs into the same
 * target both pass the check and the later swap silently drops what the earlier one put in place.
 *
 * <p>The holding session's {@code application_name} names its run, so a refused run can say which
 * one holds the target. The lock dies with its session: a crashed loader never leaves it behind.
 */
public final class TargetLock implements AutoCloseable {

  /** The advisory lock's first key: "ckm" in ASCII, so our locks do not collide with others'. */
  static final int NAMESPACE = 0x636b6d;

  private static final String APPLICATION_PREFIX = "ckan-migrate load run ";

  private final Connection session;
  private final String target;

  private TargetLock(Connection session, String target) {
    this.session = session;
    this.target = target;
  }

  /**
   * Takes the target's lock for {@code runId}, or fails with {@link ErrorCode#TARGET_BUSY} naming
   * the run that holds it.
   */
  public static TargetLock acquire(TargetServer server, String target, String runId) {
    Connection session = server.connectMaintenance();
    try {
      try (PreparedStatement ps =
          session.prepareStatement("SELECT set_config('application_name', ?, false)")) {
        // application_name is at most 63 bytes; a run id is printable ASCII (validated upstream).
        String name = APPLICATION_PREFIX + runId;
        ps.setString(1, name.length() > 63 ? name.substring(0, 63) : name);
        ps.executeQuery().close();
      }
      boolean taken;
      try (PreparedStatement ps =
          session.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        ps.setInt(1, NAMESPACE);
        ps.setString(2, target);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          taken = rs.getBoolean(1);
        }
      }
      if (!taken) {
        String holder = holder(session, target);
        session.close();
        throw new LoadFailedException(
            ErrorCode.TARGET_BUSY,
            "the target database "
                + target
                + " is being loaded by "
                + holder
                + "; wait for that run to end (or cancel it), or choose another target");
      }
      return new TargetLock(session, target);
    } catch (SQLException e) {
      closeQuietly(session);
      throw new LoadFailedException(
          ErrorCode.TARGET_UNAVAILABLE,
          "taking the lock on the target database " + target + " failed: " + e.getMessage(),
          e);
    }
  }

  /** Which run holds the lock, as far as this role may see. */
  private static String holder(Connection c, String target) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.application_name, a.pid, a.backend_start FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid"
                + " AND l.objid = hashtext(?)::oid AND l.objsubid = 2")) {
      ps.setInt(1, NAMESPACE);
      ps.setString(2, target);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          String app = rs.getString(1);
          String run =
              app != null && app.startsWith(APPLICATION_PREFIX)
                  ? "run " + app.substring(APPLICATION_PREFIX.length())
                  : "another run";
          return run + " (server session " + rs.getInt(2) + ", since " + rs.getString(3) + ")";
        }
      }
    }
    return "another run";
  }

  /** The database the lock guards. */
  public String target() {
    return target;
  }

  /** Releases the lock by ending its session. */
  @Override
  public void close() {
    try (Statement s = session.createStatement()) {
      s.execute("SELECT pg_advisory_unlock_all()");
    } catch (SQLException e) {
      // Closing the session below releases it anyway.
    }
    closeQuietly(session);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // nothing more to release
    }
  }
}
