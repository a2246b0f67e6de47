package org.ckanmigrate.load.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.QualifiedName;

/**
 * Verification after the load: every table holds exactly the rows the dump (or its manifest) says
 * it should. Counts {@code ONLY} the table itself, as COPY loaded it, so inheritance children do
 * not add up into their parent.
 */
public final class RowCounts {

  private RowCounts() {}

  /** Counts each table's rows. A missing table counts as -1. */
  public static Map<QualifiedName, Long> count(Connection c, Iterable<QualifiedName> tables)
      throws SQLException {
    Map<QualifiedName, Long> counts = new LinkedHashMap<>();
    for (QualifiedName t : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM ONLY " + t.sql())) {
        rs.next();
        counts.put(t, rs.getLong(1));
      } catch (SQLException e) {
        if (!"42P01".equals(e.getSQLState())) {
          throw e;
        }
        counts.put(t, -1L);
      }
    }
    return counts;
  }

  /**
   * Fails with ROW_COUNT_MISMATCH naming every table whose count differs.
   *
   * @param source where the expected counts come from, for the message
   */
  public static void verify(
      Map<QualifiedName, Long> expected, Map<QualifiedName, Long> actual, String source) {
    List<String> wrong = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (Map.Entry<QualifiedName, Long> e : expected.entrySet()) {
      long got = actual.getOrDefault(e.getKey(), -1L);
      if (got != e.getValue()) {
        wrong.add(e.getKey().toString());
        detail
            .append(detail.length() == 0 ? "" : "; ")
            .append(e.getKey())
            .append(": expected ")
            .append(e.getValue())
            .append(", found ")
            .append(got < 0 ? "no table" : String.valueOf(got));
      }
    }
    if (!wrong.isEmpty()) {
      throw new LoadFailedException(
          ErrorCode.ROW_COUNT_MISMATCH,
          wrong.size() + " table(s) differ from " + source + ": " + detail,
          null,
          -1,
          null,
          null,
          null,
          wrong);
    }
  }
}
