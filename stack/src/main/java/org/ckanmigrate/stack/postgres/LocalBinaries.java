package org.ckanmigrate.stack.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the local PostgreSQL server and client binaries. */
final class LocalBinaries {

  private LocalBinaries() {}

  /**
   * {@code CKAN_TEST_POSTGRES_BIN} if set, else the newest {@code /usr/lib/postgresql/N/bin} that
   * holds initdb, else the directory of {@code pg_ctl} on the PATH.
   */
  static Optional<Path> find() {
    String configured = PostgresServer.setting("CKAN_TEST_POSTGRES_BIN");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                .max(Comparator.comparingInt(LocalBinaries::majorVersion));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // fall through to PATH
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir);
        if (Files.isExecutable(candidate.resolve("pg_ctl"))
            && Files.isExecutable(candidate.resolve("initdb"))) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static IllegalStateException missing() {
    return new IllegalStateException(
        "No PostgreSQL server for the tests: set CKAN_TEST_POSTGRES_URL to an existing server, or"
            + " install the PostgreSQL server binaries (Debian: apt-get install postgresql-15), or"
            + " set CKAN_TEST_POSTGRES_BIN to the directory holding initdb and pg_ctl.");
  }
}
