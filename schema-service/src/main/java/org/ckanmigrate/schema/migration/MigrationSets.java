package org.ckanmigrate.schema.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The built-in migration sets. Their scripts live under {@code org/ckanmigrate/schema/sets/<name>}
 * on the classpath, away from {@code db/migration} and the service's state-database migrations, so
 * Boot's Flyway auto-configuration never sees them.
 */
public final class MigrationSets {

  /** data.gov.uk's Bytemark to GOV.UK migration (ckan.md §5.2), for a CKAN 2.2-era database. */
  public static final String DATAGOVUK_BYTEMARK_TO_GOVUK = "datagovuk-bytemark-to-govuk";

  static final String ROOT = "org/ckanmigrate/schema/sets/";
  private static final List<String> NAMES = List.of(DATAGOVUK_BYTEMARK_TO_GOVUK);

  private MigrationSets() {}

  /** Names of the built-in sets. */
  public static List<String> names() {
    return NAMES;
  }

  /** The built-in set called {@code name}, if there is one. */
  public static Optional<MigrationSet> find(String name) {
    if (!NAMES.contains(name)) {
      return Optional.empty();
    }
    String path = ROOT + name;
    Properties p = new Properties();
    try (InputStream in =
        MigrationSets.class.getClassLoader().getResourceAsStream(path + "/set.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "Built-in migration set " + name + " has no set.properties");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("default.")) {
        defaults.put(key.substring("default.".length()), p.getProperty(key));
      }
    }
    String max = p.getProperty("requires.max_migrate_version");
    return Optional.of(
        new MigrationSet(
            name,
            p.getProperty("description", name),
            path,
            Map.copyOf(defaults),
            max == null ? null : Integer.valueOf(max.trim())));
  }
}
