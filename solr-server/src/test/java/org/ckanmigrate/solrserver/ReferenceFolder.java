package org.ckanmigrate.solrserver;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference-folder switch of test-support's {@code ReferenceDir}, for this module, which cannot
 * depend on test-support (test-support depends on it): {@code -Dckan.reference.dir=DIR} or {@code
 * CKAN_MIGRATE_REFERENCE_DIR=DIR}; without one, a reference check is reported as skipped with one
 * line saying how to run it.
 */
final class ReferenceFolder {

  private static String skipReason;

  private ReferenceFolder() {}

  /** Aborts the calling test (reported as skipped) when {@link #find} found no folder. */
  static void assume() {
    if (skipReason != null) {
      Assumptions.abort(skipReason);
    }
  }

  /** The path, or null after printing the skip line; {@link #assume} then skips each test. */
  static Path find(String relative, String check) {
    String dir = System.getProperty("ckan.reference.dir");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("CKAN_MIGRATE_REFERENCE_DIR");
    }
    if (dir == null || dir.isBlank()) {
      String reason =
          "reference check skipped: "
              + check
              + " needs "
              + relative
              + " from a reference folder; run with -Dckan.reference.dir=DIR or"
              + " CKAN_MIGRATE_REFERENCE_DIR=DIR (DIR laid out like the project's shared/ folder;"
              + " .ci/run passes ../shared)";
      System.err.println("[reference] " + reason);
      skipReason = reason;
      return null;
    }
    Path path = Path.of(dir.trim()).resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "The reference folder " + dir + " has no " + relative + ", which " + check + " needs");
    }
    return path;
  }
}
