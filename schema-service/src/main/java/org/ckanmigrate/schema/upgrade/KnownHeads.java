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

  /** Every known head of every release after 2.2. */
  public static Set<String> all() {
    return BY_RELEASE.entrySet().stream()
        .filter(e -> !e.getKey().equals("2.2"))
        .flatMap(e -> e.getValue().stream())
        .collect(Collectors.toUnmodifiableSet());
  }
}
