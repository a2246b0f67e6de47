package org.ckanmigrate.stack.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the packaged {@code solr-server.jar} (with its {@code lib/} beside it). */
final class SolrServerJar {

  static final String DIR_PROPERTY = "ckan.solr.server.dir";
  static final String JAR_NAME = "solr-server.jar";

  private SolrServerJar() {}

  static Path locate() {
    return locate(System.getProperty(DIR_PROPERTY), Path.of(System.getProperty("user.dir")));
  }

  /**
   * The jar in {@code configuredDir} when given (the build sets it), else the first {@code
   * solr-server/target/solr-server.jar} found walking up from {@code workingDir}.
   */
  static Path locate(String configuredDir, Path workingDir) {
    List<Path> looked = new ArrayList<>();
    if (configuredDir != null && !configuredDir.isBlank()) {
      Path jar = Path.of(configuredDir).resolve(JAR_NAME).toAbsolutePath().normalize();
      if (Files.isRegularFile(jar)) {
        return jar;
      }
      looked.add(jar);
    }
    for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve("solr-server/target").resolve(JAR_NAME);
      if (Files.isRegularFile(jar)) {
        return jar;
      }
      looked.add(jar);
    }
    throw new IllegalStateException(
        JAR_NAME
            + " not found (looked at "
            + looked
            + "): build it first with './mvnw -pl solr-server package' from the project root, or"
            + " set -D"
            + DIR_PROPERTY
            + " to the directory holding it");
  }
}
