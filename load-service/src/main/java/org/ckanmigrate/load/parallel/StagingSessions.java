package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load's connections to the staging database and their session state: each opens with the
 * bulk-load settings, may take {@code session_replication_role = replica}, and follows the dump's
 * own session settings ({@code SET} statements) as far as the work it is given has come. Closing
 * closes them all.
 */
final class StagingSessions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StagingSessions.class);

  private final SectionLoader.Connector connector;
  private final Map<String, String> bulkSettings;
  private final boolean useReplicaRole;
  private final List<Connection> open = new ArrayList<>();
  private final Map<Connection, List<String>> applied = new ConcurrentHashMap<>();

  StagingSessions(
      SectionLoader.Connector connector, Map<String, String> bulkSettings, boolean useReplicaRole) {
    this.connector = connector;
    this.bulkSettings = bulkSettings;
    this.useReplicaRole = useReplicaRole;
  }

  /** A new connection with the bulk-load settings (closed with the others). */
  Connection open() throws SQLException {
    Connection c = connector.connect();
    open.add(c);
    for (Map.Entry<String, String> e : bulkSettings.entrySet()) {
      try (var ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getValue());
        ps.executeQuery().close();
      }
    }
    return c;
  }

  /**
   * Sets {@code session_replication_role = replica} when asked to and the role may: false when it
   * was not asked or not allowed (then the load runs in section order, safe for a full dump).
   */
  boolean tryReplicaRole(Connection c) throws SQLException {
    if (!useReplicaRole) {
      return false;
    }
    try {
      exec(c, "SET session_replication_role = replica");
      return true;
    } catch (SQLException e) {
      if ("42501".equals(e.getSQLState())) {
        log.info(
            "The loading role may not set session_replication_role; loading in section order,"
                + " which is safe for a full dump");
        return false;
      }
      throw e;
    }
  }

  /** Brings a worker connection's session settings to those in force at the item's position. */
  void applySettings(Connection c, List<String> settings) throws SQLException {
    if (applied.get(c) == settings) {
      return;
    }
    for (String sql : settings) {
      try {
        exec(c, sql);
      } catch (SQLException e) {
        if (!"42704".equals(e.getSQLState())) { // a setting this server does not know: skipped
          throw e;
        }
      }
    }
    applied.put(c, settings);
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    for (Connection c : open) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing after a failure
      }
    }
  }
}
