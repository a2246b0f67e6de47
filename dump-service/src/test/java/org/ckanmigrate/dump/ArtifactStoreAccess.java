package org.ckanmigrate.dump;

import java.io.IOException;
import java.nio.file.Path;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.dump.artifact.ArtifactStore;

/** Reads a manifest back, as the load phase will. */
final class ArtifactStoreAccess {
  private ArtifactStoreAccess() {}

  static DumpManifest readManifest(Path file) throws IOException {
    return ArtifactStore.readManifest(file);
  }
}
