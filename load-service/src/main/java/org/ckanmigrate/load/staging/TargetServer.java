package org.ckanmigrate.load.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.PgIdentifiers;
import org.ckanmigrate.contract.spec.SecretRef;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.load.LoadFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target PostgreSQL server, reached from its maintenance database: the checks made before a
 * load (is the target the source? does it hold anything?), the staging database, and the swap that
 * puts a verified staging database in place under the target's name.
 *
 * <p>Database names are validated against a strict pattern and quoted; the password is read from
 * its {@link SecretRef} at each connection and never logged.
 */
public final class TargetServer {

  private static final Logger log = LoggerFactory.getLogger(TargetServer.class);
  private static final Pattern JDBC_URL =
      Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?$");

  private final TargetSpec spec;
  private final String prefix;
  private final String maintenanceDb;
  private final String query;

  public TargetServer(TargetSpec spec) {
    this.spec = spec;
    if (spec.jdbcUrl() == null) {
      throw new LoadFailedException(ErrorCode.INVALID_REQUEST, "the target has no jdbcUrl");
    }
    Matcher m = JDBC_URL.matcher(spec.jdbcUrl());
    if (!m.matches()) {
      throw new LoadFailedException(
          ErrorCode.INVALID_REQUEST,
          "the target jdbcUrl is not a jdbc:postgresql:// URL of the target server");
    }
    if (m.group(3) != null && m.group(3).toLowerCase().contains("password")) {
      throw new LoadFailedException(
          ErrorCode.INVALID_REQUEST,
          "the target jdbcUrl carries a password; give it by reference (target.password)");
    }
    validateName(spec.database(), "target database");
    this.prefix = m.group(1);
    String db = m.group(2);
    this.maintenanceDb = db == null || db.isEmpty() || db.equals(spec.database()) ? "postgres" : db;
    this.query = m.group(3) == null ? "" : m.group(3);
  }

  /** Checks a database name by {@link PgIdentifiers#createdDatabase}, the CLI's rule too. */
  public static String validateName(String name, String what) {
    try {
      return PgIdentifiers.createdDatabase("the " + what, name);
    } catch (PgIdentifiers.InvalidIdentifierException e) {
      throw new LoadFailedException(ErrorCode.INVALID_REQUEST, e.getMessage());
    }
  }

  public String targetDatabase() {
    return spec.database();
  }

  /** Connects to {@code database} on the target server. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", spec.user() == null ? "" : spec.user());
    String password = resolvePassword(spec.password());
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "ckan-migrate-load");
    props.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(prefix + "/" + database + query, props);
  }

  /** Connects to the maintenance database, naming the failure without the password. */
  public Connection connectMaintenance() {
    try {
      return connect(maintenanceDb);
    } catch (SQLException e) {
      throw new LoadFailedException(
          ErrorCode.TARGET_UNAVAILABLE,
          "cannot connect to the target server's database "
              + maintenanceDb
              + " as "
              + spec.user()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static String resolvePassword(SecretRef ref) {
    if (ref == null) {
      return null;
    }
    if (ref.file() != null) {
      try {
        return Files.readString(Path.of(ref.file())).strip();
      } catch (IOException e) {
        throw new LoadFailedException(
            ErrorCode.INVALID_REQUEST, "the target password file " + ref.file() + " is unreadable");
      }
    }
    String value = System.getenv(ref.env());
    if (value == null) {
      throw new LoadFailedException(
          ErrorCode.INVALID_REQUEST,
          "the environment variable " + ref.env() + " holding the target password is not set");
    }
    return value;
  }

  /** The server's system identifier, or empty when the role may not read it. */
  public Optional<String> systemIdentifier(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      log.warn(
          "Cannot read the target's system identifier ({}); skipping that check", e.getMessage());
      return Optional.empty();
    }
  }

  public boolean exists(Connection c, String database) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Objects a user made in {@code database}: relations, routines and types outside the system
   * schemas, and extensions other than plpgsql. Zero means the database is empty.
   */
  public long userObjects(String database) throws SQLException {
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                WITH user_ns AS (
                  SELECT oid FROM pg_namespace
                  WHERE nspname NOT IN ('pg_catalog', 'information_schema')
                    AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%')
                SELECT (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM user_ns))
                     + (SELECT count(*) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM user_ns))
                     + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
                """)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Creates an empty UTF-8 database; when {@code like} exists, with its encoding, locale and (if
   * the loading role is a member of it) owner.
   */
  public void createDatabase(Connection c, String name, String like) throws SQLException {
    validateName(name, "staging database");
    StringBuilder sql =
        new StringBuilder("CREATE DATABASE ").append(quote(name)).append(" TEMPLATE template0");
    if (like != null && exists(c, like)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT pg_encoding_to_char(encoding), datcollate, datctype, datdba::regrole::text,"
                  + " pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database"
                  + " WHERE datname = ?")) {
        ps.setString(1, like);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          sql.append(" ENCODING ")
              .append(literal(rs.getString(1)))
              .append(" LC_COLLATE ")
              .append(literal(rs.getString(2)))
              .append(" LC_CTYPE ")
              .append(literal(rs.getString(3)));
          if (rs.getBoolean(5)) {
            // Keep the replaced database's owner when the loading role may act as it.
            sql.append(" OWNER ").append(rs.getString(4));
          }
        }
      }
    } else {
      sql.append(" ENCODING 'UTF8'");
    }
    try (Statement s = c.createStatement()) {
      s.execute(sql.toString());
    }
  }

  /** The database's OID, or null when it does not exist: its identity across renames. */
  public Long oid(Connection c, String database) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT oid FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** The database's comment ({@code COMMENT ON DATABASE}), or null. */
  public String comment(Connection c, String database) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Sets the database's comment; it follows the database through renames. */
  public void comment(Connection c, String database, String text) throws SQLException {
    validateName(database, "database");
    try (Statement s = c.createStatement()) {
      s.execute("COMMENT ON DATABASE " + quote(database) + " IS " + literal(text));
    }
  }

  /** Drops a database if it exists, ending its sessions first. */
  public void dropDatabase(Connection c, String name) throws SQLException {
    validateName(name, "database");
    terminateSessions(c, name);
    try (Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
    }
  }

  public void terminateSessions(Connection c, String database) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, database);
      ps.executeQuery().close();
    }
  }

  /**
   * Renames {@code from} to {@code to}, ending sessions on {@code from} and retrying while new ones
   * arrive.
   */
  public void rename(Connection c, String from, String to) throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      terminateSessions(c, from);
      try (Statement s = c.createStatement()) {
        s.execute("ALTER DATABASE " + quote(from) + " RENAME TO " + quote(to));
        return;
      } catch (SQLException e) {
        if (!"55006".equals(e.getSQLState())) {
          throw e;
        }
        last = e;
        sleep(200);
      }
    }
    throw last;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
