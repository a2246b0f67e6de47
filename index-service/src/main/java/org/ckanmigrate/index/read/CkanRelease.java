package org.ckanmigrate.index.read;

/**
 * The CKAN release whose model a database follows, as far as indexing cares: the columns {@code
 * package_show} reads and the indexer's rules differ between these.
 */
public enum CkanRelease {
  V2_7,
  V2_8,
  V2_9,
  V2_10,
  V2_11;

  public boolean atLeast(CkanRelease other) {
    return compareTo(other) >= 0;
  }

  /** Parses {@code "2.10"} or {@code "2.10.4"}. */
  public static CkanRelease parse(String version) {
    String[] parts = version.trim().split("\\.");
    if (parts.length >= 2 && parts[0].equals("2")) {
      for (CkanRelease r : values()) {
        if (r.name().equals("V2_" + parts[1])) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unsupported CKAN version '" + version + "': the indexer supports 2.7 to 2.11");
  }

  @Override
  public String toString() {
    return name().substring(1).replace('_', '.');
  }
}
