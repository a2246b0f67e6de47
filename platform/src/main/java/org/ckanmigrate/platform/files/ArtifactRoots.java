package org.ckanmigrate.platform.files;

import java.nio.file.Path;
import java.util.List;

/** The artifact roots a service uses when its configuration names none. */
public final class ArtifactRoots {

  /** Where compose keeps artifacts (a volume shared by dump and load). */
  public static final Path VAR_LIB = Path.of("/var/lib/ckan-migrate/artifacts");

  private ArtifactRoots() {}

  /**
   * {@code configured}, or {@link #VAR_LIB} and the JVM's temp directory (for trying it out on one
   * machine); production sets its own roots.
   */
  public static ConfinedPaths orDefaults(List<Path> configured, String property) {
    List<Path> roots =
        configured == null || configured.isEmpty()
            ? List.of(VAR_LIB, Path.of(System.getProperty("java.io.tmpdir")))
            : configured;
    return ConfinedPaths.of(roots, property);
  }
}
