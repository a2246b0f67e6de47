package org.ckanmigrate.load.staging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.DumpItem;
import org.ckanmigrate.load.dump.DumpReader;
import org.ckanmigrate.load.dump.Section;

/**
 * Before anything is created: every extension the dump creates must be available on the target
 * server ({@code pg_available_extensions}). A portal with ckanext-spatial runs PostGIS; a target
 * without it would otherwise fail mid-load on {@code CREATE EXTENSION}, after minutes of work.
 * Reads only the dump's pre-data (its first statements), so it costs next to nothing.
 */
public final class ExtensionPreflight {

  private static final Pattern CREATE_EXTENSION =
      Pattern.compile(
          "^\\s*CREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")+\"|[\\w$]+)",
          Pattern.CASE_INSENSITIVE);

  private ExtensionPreflight() {}

  /** The extensions the dump creates, in its order. */
  public static List<String> required(Path artifact) {
    Set<String> names = new LinkedHashSet<>();
    try (InputStream in =
        Codec.detect(artifact)
            .decoder(new BufferedInputStream(Files.newInputStream(artifact), 1 << 16))) {
      DumpReader reader = new DumpReader(in);
      DumpItem item;
      while ((item = reader.next()) != null) {
        if (item instanceof DumpItem.CopyStart || item.section() != Section.PRE_DATA) {
          break; // pg_dump creates extensions first, in pre-data
        }
        if (item instanceof DumpItem.Statement st) {
          Matcher m = CREATE_EXTENSION.matcher(st.sql());
          if (m.find()) {
            names.add(unquote(m.group(1)));
          }
        }
      }
    } catch (IOException e) {
      throw new LoadFailedException(
          ErrorCode.ARTIFACT_UNREADABLE,
          "reading the dump's schema for the extensions it needs failed: " + e.getMessage(),
          e);
    }
    return List.copyOf(names);
  }

  /**
   * Refuses with {@link ErrorCode#EXTENSION_UNAVAILABLE} when the target server lacks an extension
   * the dump creates, naming each and how to get it.
   */
  public static void check(Connection admin, List<String> required) throws SQLException {
    if (required.isEmpty()) {
      return;
    }
    Set<String> available = new LinkedHashSet<>();
    try (PreparedStatement ps =
        admin.prepareStatement("SELECT name FROM pg_available_extensions WHERE name = ANY (?)")) {
      Array names = admin.createArrayOf("text", required.toArray());
      ps.setArray(1, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          available.add(rs.getString(1));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : required) {
      if (!available.contains(name)) {
        missing.add(name);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    int major = serverMajor(admin);
    throw new LoadFailedException(
        ErrorCode.EXTENSION_UNAVAILABLE,
        "the dump creates the extension(s) "
            + String.join(", ", missing)
            + ", which the target server does not have (pg_available_extensions); install them"
            + " on the target's PostgreSQL server, then run the load again ("
            + String.join("; ", hints(missing, major))
            + "). Nothing was created");
  }

  /** Where each missing extension comes from on Debian and Ubuntu. */
  static List<String> hints(List<String> missing, int major) {
    Set<String> hints = new LinkedHashSet<>();
    for (String name : missing) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.startsWith("postgis") || n.startsWith("address_standardizer")) {
        hints.add(
            "Debian/Ubuntu: apt-get install postgresql-"
                + major
                + "-postgis-3 for "
                + postgis(missing));
      } else if (CONTRIB.contains(n)) {
        hints.add(
            name + " is in PostgreSQL's contrib modules (Debian/Ubuntu: postgresql-" + major + ")");
      } else {
        hints.add(name + ": from the package or source its portal installed it from");
      }
    }
    return List.copyOf(hints);
  }

  private static String postgis(List<String> missing) {
    return String.join(
        ", ",
        missing.stream()
            .filter(
                m ->
                    m.toLowerCase(Locale.ROOT).startsWith("postgis")
                        || m.toLowerCase(Locale.ROOT).startsWith("address_standardizer"))
            .toList());
  }

  /** Extensions shipped with PostgreSQL itself (contrib) that CKAN portals use. */
  private static final Set<String> CONTRIB =
      Set.of(
          "fuzzystrmatch",
          "pg_trgm",
          "hstore",
          "uuid-ossp",
          "unaccent",
          "citext",
          "btree_gist",
          "btree_gin",
          "pgcrypto",
          "tablefunc",
          "intarray",
          "ltree",
          "cube",
          "earthdistance",
          "dblink",
          "postgres_fdw",
          "pg_stat_statements");

  private static int serverMajor(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_setting('server_version_num')");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return Integer.parseInt(rs.getString(1)) / 10000;
    }
  }

  private static String unquote(String identifier) {
    if (identifier.startsWith("\"")) {
      return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
    }
    return identifier.toLowerCase(Locale.ROOT);
  }
}
