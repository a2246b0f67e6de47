package org.ckanmigrate.schema.upgrade;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The schema head each CKAN release upgrades to (ckan.md §4.1). */
public final class KnownHeads {

  private static final Map<String, List<String>> BY_RELEASE = new LinkedHashMap<>();

  static {
    BY_RELEASE.put("2.2", List.of("71"));
    BY_RELEASE.put("2.7", List.of("85"));
    BY_RELEASE.put("2.8", List.of("86"));
    // 2.9.0 ends at 099; a later 2.9 patch release added 100.
    BY_RELEASE.put("2.9", List.of("3ae4b17ed66d", "ccd38ad5fced"));
    BY_RELEASE.put("2.10", List.of("9f33a0280c51"));
    BY_RELEASE.put("2.11", List.of("4a5e3465beb6"));
  }

  private KnownHeads() {}

  /** Acceptable heads of a release such as {@code 2.7.4} or {@code 2.10}; empty if unknown. */
  public static List<String> forRelease(String ckanVersion) {
    if (ckanVersion == null) {
      return List.of();
    }
    String[] parts = ckanVersion.trim().split("\\.");
    if (parts.length < 2) {
      return List.of();
    }
    return BY_RELEASE.getOrDefault(parts[0] + "." + parts[1], List.of());
  }

  /** Whether the release uses alembic (2.9 and later). */
  public static boolean isAlembicRelease(String ckanVersion) {
    String[] parts = ckanVersion.trim().split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 2 || (major == 2 && minor >= 9);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a CKAN release number: " + ckanVersion, e);
    }
  }

  /**
   * Why a database at {@code found} is newer than the release {@code ckanVersion} knows (B7: CKAN
   * cannot downgrade, and its upgrade would fail or do harm), or empty when it is not, or when the
   * release is not in the table. Newer means: a migrate_version above the release's head; an
   * alembic database for a pre-alembic release; the head of a later release.
   */
  public static java.util.Optional<String> newerThan(
      org.ckanmigrate.schema.preflight.CkanSchemaVersion found, String ckanVersion) {
    List<String> heads = forRelease(ckanVersion);
    if (found == null || heads.isEmpty()) {
      return java.util.Optional.empty();
    }
    String release = majorMinor(ckanVersion);
    boolean alembicRelease = isAlembicRelease(ckanVersion);
    if (found.era() == org.ckanmigrate.schema.preflight.SchemaEra.SQLALCHEMY_MIGRATE) {
      if (!alembicRelease && found.number() > Integer.parseInt(heads.get(0))) {
        return java.util.Optional.of(
            "migrate_version " + found.number() + " is above CKAN " + release + "'s head " + heads);
      }
      return java.util.Optional.empty();
    }
    if (!alembicRelease) {
      return java.util.Optional.of(
          "the database is already alembic-managed (CKAN 2.9 or later), CKAN "
              + release
              + " is not");
    }
    boolean later = false;
    for (var e : BY_RELEASE.entrySet()) {
      if (later && e.getValue().contains(found.version())) {
        return java.util.Optional.of(
            "alembic revision " + found.version() + " is CKAN " + e.getKey() + "'s head");
      }
      later |= e.getKey().equals(release);
    }
    return java.util.Optional.empty();
  }

  private static String majorMinor(String ckanVersion) {
    String[] parts = ckanVersion.trim().split("\\.");
    return parts[0] + "." + parts[1];
  }

  /** Every known head of every release after 2.2. */
  public static Set<String> all() {
    return BY_RELEASE.entrySet().stream()
        .filter(e -> !e.getKey().equals("2.2"))
        .flatMap(e -> e.getValue().stream())
        .collect(Collectors.toUnmodifiableSet());
  }
}
