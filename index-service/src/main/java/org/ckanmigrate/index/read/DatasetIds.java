package org.ckanmigrate.index.read;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The dataset ids a reindex works on, read in one query each. */
public final class DatasetIds {

  private DatasetIds() {}

  /** Every package id, deleted ones included (their documents must be removed), in id order. */
  public static List<String> all(Connection connection) throws SQLException {
    return ids(connection, "SELECT id FROM package ORDER BY id");
  }

  /**
   * The ids CKAN's index must hold afterwards: every package except, when deleted datasets are
   * removed, those whose state is empty or contains {@code deleted} (CKAN's own test).
   */
  public static List<String> indexable(Connection connection, boolean removeDeleted)
      throws SQLException {
    return ids(
        connection,
        removeDeleted
            ? "SELECT id FROM package WHERE coalesce(state, '') <> ''"
                + " AND strpos(state, 'deleted') = 0 ORDER BY id"
            : "SELECT id FROM package ORDER BY id");
  }

  private static List<String> ids(Connection connection, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
