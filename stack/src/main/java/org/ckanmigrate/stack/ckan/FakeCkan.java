package org.ckanmigrate.stack.ckan;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * A test double (and the demo's stand-in) of CKAN's {@code paster --plugin=ckan db upgrade -c INI}
 * / {@code ckan -c INI db upgrade}, run as a real process. It behaves like CKAN 2.7-2.10 with
 * ckanext-harvest where the migration depends on it:
 *
 * <ul>
 *   <li>reads the ini it is given: {@code sqlalchemy.url} and {@code ckan.plugins} of {@code
 *       [app:main]};
 *   <li>with the {@code harvest} plugin loaded, runs ckanext-harvest's start-up migration when the
 *       config loads, before the command: on a schema older than the head it fails the way
 *       package_create does on an old model; on a current one it creates the harvest tables if
 *       missing and a {@code type='harvest'} dataset for every active source that lacks one (id =
 *       source id, extras source_type/frequency/config, owner_org = publisher_id), skipping sources
 *       that fail validation (a URL another active source already has);
 *   <li>{@code db upgrade} applies DDL in numbered steps, each committed with its version like
 *       sqlalchemy-migrate (072 metadata_created, 074 resource groups removed, 078 old authz tables
 *       dropped, 080 continuity-id indexes created, failing if they exist, 086 openid dropped),
 *       then for an alembic head drops migrate_version and records alembic_version.
 * </ul>
 *
 * <p>Options before the command: {@code --head=N|REV} the release's head (default 85).
 */
public final class FakeCkan {

  static final Map<String, Integer> ALEMBIC =
      Map.of("3ae4b17ed66d", 99, "ccd38ad5fced", 100, "9f33a0280c51", 104, "4a5e3465beb6", 105);

  public static void main(String[] args) throws Exception {
    String head = "85";
    String ini = null;
    boolean db = false;
    boolean upgrade = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--head=")) {
        head = a.substring("--head=".length());
      } else if (a.equals("-c") || a.equals("--config")) {
        ini = args[++i];
      } else if (a.equals("db")) {
        db = true;
      } else if (a.equals("upgrade")) {
        upgrade = true;
      }
    }
    if (ini == null || !db || !upgrade) {
      System.err.println("usage: fake-ckan [--head=H] -c INI db upgrade");
      System.exit(2);
    }
    System.exit(new FakeCkan().run(Path.of(ini), head));
  }

  int run(Path iniFile, String head) throws IOException {
    Map<String, String> config = readAppMain(iniFile);
    String url = config.get("sqlalchemy.url");
    if (url == null) {
      System.err.println("ckan.common.CkanConfigurationException: sqlalchemy.url is not set");
      return 1;
    }
    List<String> plugins = new ArrayList<>();
    for (String p : config.getOrDefault("ckan.plugins", "").trim().split("\\s+")) {
      if (!p.isEmpty()) {
        plugins.add(p);
      }
    }
    System.out.println("Loading config " + iniFile + " with plugins " + plugins);
    int target = headNumber(head);
    try (Connection c = connect(url)) {
      int current = currentVersion(c);
      if (plugins.contains("harvest")) {
        if (current < target) {
          System.out.println("Traceback (most recent call last):");
          System.out.println("  File \"ckanext/harvest/plugin.py\", line 210, in configure");
          System.out.println("    model_setup()");
          System.out.println("  File \"ckanext/harvest/model/__init__.py\", line 96, in setup");
          System.out.println("    migrate_v3_create_datasets()");
          System.out.println(
              "sqlalchemy.exc.ProgrammingError: (psycopg2.ProgrammingError) column"
                  + " package.metadata_created does not exist");
          return 1;
        }
        harvestSetup(c);
      }
      if (current > target) {
        System.out.println("Error: database version " + current + " is newer than " + head);
        return 1;
      }
      if (current == target) {
        System.out.println("Database is up to date at " + head);
        return 0;
      }
      upgrade(c, current, target, head);
      System.out.println("Upgraded database from " + current + " to " + head);
      return 0;
    } catch (SQLException e) {
      System.out.println("sqlalchemy.exc.ProgrammingError: " + e.getMessage());
      return 1;
    }
  }

  private static int headNumber(String head) {
    if (ALEMBIC.containsKey(head)) {
      return ALEMBIC.get(head);
    }
    return Integer.parseInt(head);
  }

  private static Connection connect(String sqlalchemyUrl) throws SQLException {
    URI uri = URI.create(sqlalchemyUrl.replaceFirst("^postgresql(\\+\\w+)?://", "http://"));
    Properties props = new Properties();
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      props.setProperty("user", colon < 0 ? userInfo : userInfo.substring(0, colon));
      if (colon >= 0) {
        props.setProperty("password", userInfo.substring(colon + 1));
      }
    }
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + ":"
            + (uri.getPort() < 0 ? 5432 : uri.getPort())
            + uri.getPath();
    return DriverManager.getConnection(jdbc, props);
  }

  private static int currentVersion(Connection c) throws SQLException {
    if (exists(c, "alembic_version")) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
        rs.next();
        return ALEMBIC.get(rs.getString(1));
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM migrate_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void upgrade(Connection c, int current, int target, String head)
      throws SQLException {
    c.setAutoCommit(false);
    step(
        c,
        current,
        target,
        72,
        "ALTER TABLE package ADD COLUMN IF NOT EXISTS metadata_created timestamp",
        "UPDATE package SET metadata_created = metadata_modified");
    step(
        c,
        current,
        target,
        74,
        "ALTER TABLE resource ADD COLUMN IF NOT EXISTS package_id text",
        "UPDATE resource r SET package_id = rg.package_id FROM resource_group rg"
            + " WHERE rg.id = r.resource_group_id",
        "ALTER TABLE resource DROP COLUMN resource_group_id CASCADE",
        "ALTER TABLE resource_revision DROP COLUMN IF EXISTS resource_group_id CASCADE",
        "DROP TABLE IF EXISTS resource_group_revision CASCADE",
        "DROP TABLE IF EXISTS resource_group CASCADE");
    step(
        c,
        current,
        target,
        78,
        "DROP TABLE IF EXISTS authorization_group_role, package_role, group_role, system_role,"
            + " role_action, user_object_role CASCADE");
    step(
        c,
        current,
        target,
        80,
        "CREATE INDEX idx_resource_continuity_id ON resource_revision (continuity_id)",
        "CREATE INDEX idx_member_continuity_id ON member_revision (continuity_id)",
        "CREATE INDEX idx_package_continuity_id ON package_revision (continuity_id)",
        "CREATE INDEX idx_package_extra_continuity_id ON package_extra_revision (continuity_id)");
    step(c, current, target, 85);
    step(c, current, target, 86, "ALTER TABLE \"user\" DROP COLUMN IF EXISTS openid CASCADE");
    if (ALEMBIC.containsKey(head)) {
      try (Statement s = c.createStatement()) {
        if (exists(c, "migrate_version")) {
          s.execute("DROP TABLE migrate_version");
        }
        s.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) NOT NULL)");
        s.execute("DELETE FROM alembic_version");
        s.execute("INSERT INTO alembic_version VALUES ('" + head + "')");
      }
      c.commit();
    } else {
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE migrate_version SET version = " + target);
      }
      c.commit();
    }
  }

  /** One sqlalchemy-migrate script: runs if the database is below it, commits with its number. */
  private static void step(Connection c, int current, int target, int number, String... ddl)
      throws SQLException {
    if (current >= number || number > target) {
      return;
    }
    System.out.println(String.format(Locale.ROOT, "Running migration %03d", number));
    try (Statement s = c.createStatement()) {
      for (String sql : ddl) {
        s.execute(sql);
      }
      if (exists(c, "migrate_version")) {
        s.execute("UPDATE migrate_version SET version = " + number);
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  /** ckanext-harvest's model.setup() at config load. */
  private static void harvestSetup(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS harvest_source (id text PRIMARY KEY, url text NOT NULL,"
              + " title text, description text, config text, created timestamp, type text NOT NULL,"
              + " active boolean, user_id text, publisher_id text, frequency text,"
              + " next_run timestamp)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS harvest_log (id text PRIMARY KEY, content text NOT NULL,"
              + " level text, created timestamp)");
    }
    Set<String> urls = new HashSet<>();
    Map<String, String[]> toCreate = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT hs.id, hs.url, hs.title, hs.description, hs.type, hs.config,"
                    + " hs.frequency, hs.publisher_id,"
                    + " EXISTS (SELECT 1 FROM package p WHERE p.id = hs.id AND p.type = 'harvest'"
                    + " AND p.state = 'active')"
                    + " FROM harvest_source hs WHERE hs.active ORDER BY hs.created, hs.id")) {
      while (rs.next()) {
        String url = rs.getString(2).strip().toLowerCase(Locale.ROOT);
        boolean duplicate = !urls.add(url);
        if (rs.getBoolean(9)) {
          continue;
        }
        if (duplicate) {
          System.out.println(
              "Validation Error: {'url': [u'There already is a Harvest Source for this URL: "
                  + rs.getString(2)
                  + "']} (source "
                  + rs.getString(1)
                  + ")");
          continue;
        }
        toCreate.put(
            rs.getString(1),
            new String[] {
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8)
            });
      }
    }
    for (Map.Entry<String, String[]> e : toCreate.entrySet()) {
      String id = e.getKey();
      String[] v = e.getValue();
      String title = v[1] != null ? v[1] : v[0];
      String name = uniqueName(c, munge(title));
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO package (id, name, title, notes, url, type, owner_org, state, private,"
                  + " metadata_created, metadata_modified)"
                  + " VALUES (?, ?, ?, ?, ?, 'harvest', ?, 'active', false, now(), now())")) {
        ps.setString(1, id);
        ps.setString(2, name);
        ps.setString(3, title);
        ps.setString(4, v[2]);
        ps.setString(5, v[0]);
        ps.setString(6, v[6]);
        ps.executeUpdate();
      }
      extra(c, id, "source_type", v[3]);
      extra(c, id, "config", v[4]);
      extra(c, id, "frequency", v[5]);
      System.out.println("Created harvest source dataset " + name + " (" + id + ")");
    }
    c.commit();
  }

  private static void extra(Connection c, String packageId, String key, String value)
      throws SQLException {
    if (value == null) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO package_extra (id, package_id, key, value, state)"
                + " VALUES (?, ?, ?, ?, 'active')")) {
      ps.setString(1, UUID.randomUUID().toString());
      ps.setString(2, packageId);
      ps.setString(3, key);
      ps.setString(4, value);
      ps.executeUpdate();
    }
  }

  private static String munge(String title) {
    String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    return s.length() > 90 ? s.substring(0, 90) : s;
  }

  private static String uniqueName(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM package WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? name + "-" + UUID.randomUUID().toString().substring(0, 5) : name;
      }
    }
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** The options of {@code [app:main]}, continuation lines joined (ConfigParser rules). */
  static Map<String, String> readAppMain(Path ini) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String section = null;
    String lastKey = null;
    for (String line : Files.readAllLines(ini, StandardCharsets.ISO_8859_1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
        section = trimmed.substring(1, trimmed.length() - 1).strip();
        lastKey = null;
        continue;
      }
      if (!"app:main".equals(section) || trimmed.startsWith("#") || trimmed.startsWith(";")) {
        continue;
      }
      if (trimmed.isEmpty()) {
        lastKey = null;
        continue;
      }
      if (Character.isWhitespace(line.charAt(0)) && lastKey != null) {
        out.put(lastKey, out.get(lastKey) + " " + trimmed);
        continue;
      }
      int eq = indexOfSeparator(line);
      if (eq > 0) {
        lastKey = line.substring(0, eq).strip();
        out.put(lastKey, line.substring(eq + 1).strip());
      }
    }
    return out;
  }

  private static int indexOfSeparator(String line) {
    int eq = line.indexOf('=');
    int colon = line.indexOf(':');
    if (eq < 0) {
      return colon;
    }
    return colon < 0 ? eq : Math.min(eq, colon);
  }
}
