package org.ckanmigrate.dump;

import java.io.IOException;
import java.nio.file.Path;
import org.ckanmigrate.dump.artifact.ArtifactStore;
import org.ckanmigrate.dump.artifact.Manifest;

/** Reads a manifest back, as the load phase will. */
final class ArtifactStoreAccess {
  private ArtifactStoreAccess() {}

  static Manifest readManifest(Path file) throws IOException {
    return ArtifactStore.readManifest(file);
  }
}
