package org.ckanmigrate.schema.sysadmin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sysadmins from being lost by a data-model script (data.gov.uk's demoted all but one): the
 * sysadmins found before any script are written to {@code ckan_migrate.sysadmin_ledger}, keyed by
 * run, and only users in that ledger can be re-promoted, then or later (by the schema phase, and by
 * the operator's {@code ckan-migrate promote-sysadmins}). The schema phase creates the ledger table
 * before {@link #record}.
 */
public final class SysadminLedger {

  private static final Logger log = LoggerFactory.getLogger(SysadminLedger.class);

  /** The schema of ckan-migrate's own tables in a CKAN target database. */
  public static final String OWN_SCHEMA = "ckan_migrate";

  private static final String LEDGER = OWN_SCHEMA + ".sysadmin_ledger";

  private final DataSource target;

  public SysadminLedger(DataSource target) {
    this.target = target;
  }

  /** The target's sysadmins now, by name. */
  public List<Sysadmin> current() throws SQLException {
    try (Connection c = target.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, name, email, fullname FROM \"user\" WHERE sysadmin = true ORDER BY"
                    + " name, id");
        ResultSet rs = ps.executeQuery()) {
      return read(rs);
    }
  }

  /**
   * Writes the current sysadmins into the run's ledger and returns the ledger. Rows already
   * recorded for the run are kept, so a resumed run (whose scripts may have demoted some) still
   * holds the sysadmins found the first time.
   */
  public List<Sysadmin> record(String runId) throws SQLException {
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + LEDGER
                  + " (run_id, user_id, name, email, fullname)"
                  + " SELECT ?, id, name, email, fullname FROM \"user\" WHERE sysadmin = true"
                  + " ON CONFLICT (run_id, user_id) DO NOTHING")) {
        ps.setString(1, runId);
        int added = ps.executeUpdate();
        c.commit();
        log.info("Sysadmin ledger for run {}: {} new row(s)", runId, added);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    return recorded(runId);
  }

  /** The sysadmins recorded for a run, by name. */
  public List<Sysadmin> recorded(String runId) throws SQLException {
    try (Connection c = target.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT user_id, name, email, fullname FROM "
                    + LEDGER
                    + " WHERE run_id = ? ORDER BY name, user_id")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs);
      }
    }
  }

  /**
   * Makes recorded sysadmins sysadmin again. Each entry of {@code users} matches a ledger row by
   * user id, by the name recorded, or by the user's current name (scripts may rename users).
   * Entries that match no ledger row are reported, never promoted.
   */
  public Repromotion repromote(String runId, Collection<String> users) throws SQLException {
    if (users == null || users.isEmpty()) {
      return Repromotion.none();
    }
    try (Connection c = target.getConnection()) {
      c.setAutoCommit(false);
      try {
        Repromotion result = repromote(c, runId, users);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private Repromotion repromote(Connection c, String runId, Collection<String> users)
      throws SQLException {
    // Ledger row -> current state of that user (null sysadmin flag = row gone).
    Map<String, String[]> ledger = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT l.user_id, l.name, u.name, u.sysadmin FROM "
                + LEDGER
                + " l LEFT JOIN \"user\" u ON u.id = l.user_id WHERE l.run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object sysadmin = rs.getObject(4);
          ledger.put(
              rs.getString(1),
              new String[] {
                rs.getString(2), rs.getString(3), sysadmin == null ? null : sysadmin.toString()
              });
        }
      }
    }
    List<String> promoted = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<String> notRecorded = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (String wanted : users) {
      String match = null;
      for (Map.Entry<String, String[]> e : ledger.entrySet()) {
        String[] v = e.getValue();
        if (wanted.equals(e.getKey()) || wanted.equals(v[0]) || wanted.equals(v[1])) {
          match = e.getKey();
          break;
        }
      }
      if (match == null) {
        notRecorded.add(wanted);
        continue;
      }
      String[] v = ledger.get(match);
      if (v[2] == null) {
        gone.add(v[0]);
      } else if (Boolean.parseBoolean(v[2])) {
        already.add(v[0]);
      } else {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE \"user\" SET sysadmin = true WHERE id = ?")) {
          ps.setString(1, match);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + LEDGER
                    + " SET repromoted_at = now() WHERE run_id = ? AND user_id = ?")) {
          ps.setString(1, runId);
          ps.setString(2, match);
          ps.executeUpdate();
        }
        v[2] = "true";
        promoted.add(v[0]);
      }
    }
    if (!notRecorded.isEmpty()) {
      log.warn("Not re-promoted, not recorded as sysadmin for run {}: {}", runId, notRecorded);
    }
    if (!gone.isEmpty()) {
      log.warn("Not re-promoted, user no longer exists: {}", gone);
    }
    log.info("Re-promoted to sysadmin for run {}: {}", runId, promoted);
    return new Repromotion(promoted, already, notRecorded, gone);
  }

  private static List<Sysadmin> read(ResultSet rs) throws SQLException {
    List<Sysadmin> out = new ArrayList<>();
    while (rs.next()) {
      out.add(new Sysadmin(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }
    return out;
  }
}
